from . import (
    test_mission_access,
    test_mission_moderation,
    test_mission_participation,
    test_mission_portal,
    test_mission_portal_home,
    test_mission_report,
    test_mission_tour,
    test_redteam,
)
from . import test_mission_dashboard
