from . import (
    event_event,
    event_registration,
    event_type,
    hr_applicant,
    parcours_event_slot,
    parcours_immersion_agreement,
    parcours_pathway,
    parcours_pathway_stage,
    parcours_pathway_step,
    parcours_slot_booking,
    res_partner,
    reserve_report,
)
