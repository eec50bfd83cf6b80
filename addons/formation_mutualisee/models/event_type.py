from odoo import Command, api, fields, models

FUNDING_SELECTION = [
    ("uniformation", "Uniformation (OPCO Cohésion sociale)"),
    ("opco_sante", "OPCO Santé (ex-Unifaf)"),
    ("member", "Member's own budget"),
    ("other", "Other"),
]


class EventType(models.Model):
    """A training of the catalogue: an event template with what a training organisation
    states (objectives, programme, duration, prerequisites, public, price, qualification,
    funding, accessibility, declaration number)."""

    _inherit = "event.type"

    is_training = fields.Boolean(string="Shared training", help="A training of the catalogue of shared trainings.")
    is_published = fields.Boolean(string="Published to members", help="Shown in the catalogue of the members' portal.")
    objectives = fields.Html(string="Training objectives", translate=True)
    programme = fields.Html(translate=True)
    duration_hours = fields.Float(string="Duration (hours)")
    prerequisites = fields.Text(translate=True)
    target_public = fields.Text(string="Public", translate=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id, required=True)
    price_per_seat = fields.Monetary(string="Price per seat", currency_field="currency_id")
    qualification_id = fields.Many2one(
        "reserve.qualification",
        string="Qualification granted",
        help="Added to the reserve profile of each attendee who completes the training, verified by the training.",
    )
    funding = fields.Selection(FUNDING_SELECTION, string="Funding (OPCO)")
    funding_note = fields.Char(string="Funding details")
    accessibility = fields.Text(
        string="Accessibility for disabled people",
        translate=True,
        help="How the training is adapted for people with a disability, and whom to contact.",
    )
    declaration_number = fields.Char(
        string="Training organisation declaration number",
        help="Numéro de déclaration d'activité of the training organisation (11 digits).",
    )
    organisation_name = fields.Char(string="Training organisation")
    min_attendance_percent = fields.Integer(
        string="Attendance required for the certificate (%)",
        default=100,
        help="Share of the training hours an attendee must attend to receive the certificate.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction survey",
        help="Sent to the attendees after each session.",
    )
    training_session_ids = fields.One2many("event.event", "event_type_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_satisfaction", string="Number of sessions")
    satisfaction_answer_count = fields.Integer(compute="_compute_satisfaction", string="Survey answers")
    satisfaction_average = fields.Float(
        compute="_compute_satisfaction", string="Satisfaction (average score)", digits=(3, 2)
    )

    _min_attendance_range = models.Constraint(
        "CHECK(min_attendance_percent BETWEEN 0 AND 100)",
        "The attendance required for the certificate is a percentage between 0 and 100.",
    )
    _duration_positive = models.Constraint("CHECK(duration_hours >= 0)", "A duration cannot be negative.")
    _price_positive = models.Constraint("CHECK(price_per_seat >= 0)", "A price cannot be negative.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_training") and "event_type_mail_ids" not in vals:
                vals["event_type_mail_ids"] = self._default_training_mails()
        return super().create(vals_list)

    @api.model
    def _default_training_mails(self):
        """The confirmation right after registration and a reminder two days before, both with
        the calendar file."""
        confirmed = self.env.ref("formation_mutualisee.mail_template_registration_confirmed")
        reminder = self.env.ref("formation_mutualisee.mail_template_registration_reminder")
        return [
            Command.create(
                {
                    "interval_unit": "now",
                    "interval_type": "after_sub",
                    "template_ref": f"mail.template,{confirmed.id}",
                }
            ),
            Command.create(
                {
                    "interval_nbr": 2,
                    "interval_unit": "days",
                    "interval_type": "before_event",
                    "template_ref": f"mail.template,{reminder.id}",
                }
            ),
        ]

    @api.depends("training_session_ids")
    def _compute_satisfaction(self):
        sessions_by_type = {
            event_type: sessions
            for event_type, sessions in self.env["event.event"]._read_group(
                [("event_type_id", "in", self.ids)], ["event_type_id"], ["id:recordset"]
            )
        }
        for event_type in self:
            sessions = sessions_by_type.get(event_type, self.env["event.event"])
            event_type.session_count = len(sessions)
            count, average = sessions._satisfaction_figures()
            event_type.satisfaction_answer_count = count
            event_type.satisfaction_average = average

    def action_view_satisfaction(self):
        """The survey answers of all the sessions of this training."""
        self.ensure_one()
        return self.env["event.event"]._satisfaction_action(
            [("registration_id.event_id.event_type_id", "=", self.id)], self.display_name
        )
