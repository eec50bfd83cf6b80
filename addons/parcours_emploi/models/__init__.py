from . import (
    hr_applicant,
    parcours_diagnosis,
    parcours_diagnosis_invite,
    parcours_diagnosis_report,
    parcours_pathway,
    parcours_pathway_stage,
    parcours_pathway_step,
    res_partner,
    reserve_report,
    reserve_report_diagnosis,
    survey_user_input,
)
