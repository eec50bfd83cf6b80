import datetime

from odoo import api, fields, models

from .reserve_mission import int_param

NUDGE_DAYS_PARAM = ("reserve_mission.volunteer_nudge_days", 14)


class ReservePerson(models.Model):
    _inherit = "reserve.person"

    mission_participation_ids = fields.One2many(
        "reserve.mission.participation", "person_id", string="Mission participations"
    )
    invited_mission_ids = fields.Many2many(
        "reserve.mission",
        "reserve_mission_invited_person_rel",
        "person_id",
        "mission_id",
        string="Invited to missions",
        readonly=True,
    )
    mission_nudge_date = fields.Datetime(
        string="Missions suggested on",
        readonly=True,
        copy=False,
        help="When the person, still without a mission, was sent the missions near them.",
    )
    mission_after_login_id = fields.Many2one(
        "reserve.mission",
        string="Mission to show after signing in",
        readonly=True,
        copy=False,
        help="The mission the person wanted to apply to when they signed up.",
    )
    mission_hours = fields.Float(compute="_compute_mission_hours", string="Volunteer hours")

    @api.depends("mission_participation_ids.hours", "mission_participation_ids.state")
    def _compute_mission_hours(self):
        for person in self:
            person.mission_hours = sum(
                person.mission_participation_ids.filtered(lambda p: p.state == "done").mapped("hours")
            )

    def _is_mission_volunteer(self):
        """The person does volunteer missions: of the volunteer category, or accepting volunteering."""
        self.ensure_one()
        volunteering = self.env.ref("reserve_medicosociale.contract_type_volunteering", raise_if_not_found=False)
        return self.category == "volunteer" or bool(volunteering and volunteering in self.contract_type_ids)

    def _mission_attestation_participations(self):
        """The missions done, as the attestation lists them."""
        self.ensure_one()
        return (
            self.sudo()
            .mission_participation_ids.filtered(lambda p: p.state == "done")
            .sorted(lambda p: (p.mission_id.date_start or p.done_date, p.id))
        )

    @api.model
    def _cron_nudge_volunteers(self):
        """Volunteers still without a mission N days after signing up get the missions near them, once."""
        days = int_param(self.env, *NUDGE_DAYS_PARAM)
        if not days:
            return
        volunteering = self.env.ref("reserve_medicosociale.contract_type_volunteering", raise_if_not_found=False)
        limit = fields.Datetime.now() - datetime.timedelta(days=days)
        people = self.search(
            [
                ("state", "in", ("to_validate", "active")),
                ("create_date", "<", limit),
                ("mission_nudge_date", "=", False),
                ("mission_participation_ids", "=", False),
                "|",
                ("category", "=", "volunteer"),
                ("contract_type_ids", "in", volunteering.ids if volunteering else []),
            ]
        )
        if people:
            template = self.env.ref("reserve_mission.mail_template_volunteer_nudge")
            template.sudo().send_mail_batch(people.ids, force_send=False)
            people.write({"mission_nudge_date": fields.Datetime.now()})
