from . import (
    hr_applicant,
    parcours_pathway,
    parcours_pathway_stage,
    parcours_pathway_step,
    res_partner,
    reserve_report,
)
