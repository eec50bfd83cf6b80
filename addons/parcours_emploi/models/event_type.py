from odoo import fields, models

# The events of the pathways to a job, and the pathway step that attending one records.
PARCOURS_KINDS = [
    ("cafe", "Café de l'aide à domicile"),
    ("immersion", "Immersion « Vis ma vie »"),
    ("open_day", "Journée portes ouvertes"),
    ("breakfast", "Petit-déjeuner des métiers"),
    ("job_dating", "Job dating"),
    ("virtual_day", "Journée virtuelle de recrutement"),
]
# A video meeting with a recruiter during the virtual day is a first discussion about the
# trades, like a job dating: it is an information session; the "job offer" step comes with
# the application ("Créer une candidature"), for every kind of event alike.
ATTENDANCE_STEPS = {
    "cafe": "info_session",
    "breakfast": "info_session",
    "open_day": "info_session",
    "job_dating": "info_session",
    "virtual_day": "info_session",
    "immersion": "immersion",
}
# Events after which an establishment may make the person an application on one of its offers.
APPLICATION_KINDS = ("immersion", "job_dating", "virtual_day")


class EventType(models.Model):
    """An event template of the pathways to a job: its kind sets the kind of its events."""

    _inherit = "event.type"

    parcours_kind = fields.Selection(
        PARCOURS_KINDS,
        string="Pathway event",
        help="Events of this template feed the pathways to a job: attending one records a step "
        "on the person's pathway.",
    )
