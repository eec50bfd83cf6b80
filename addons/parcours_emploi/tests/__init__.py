from . import (
    test_pathway_access,
    test_pathway_adviser_mail,
    test_pathway_follow_up,
    test_pathway_funder_report,
    test_pathway_hire,
    test_pathway_steps,
)
from . import test_diagnosis
