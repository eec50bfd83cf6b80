from . import (
    test_events_access,
    test_events_immersion,
    test_events_portal,
    test_events_registration,
    test_events_slots,
    test_events_tour,
    test_pathway_access,
    test_pathway_adviser_mail,
    test_pathway_follow_up,
    test_pathway_funder_report,
    test_pathway_hire,
    test_pathway_steps,
)
from . import test_diagnosis
from . import test_pathway_dashboard
from . import test_events_attendance
