import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.reserve_medicosociale.tools.signed_link import check_link_token, link_token, queue_link_mails

from .reserve_mission import int_param

PARTICIPATION_STATES = [
    ("waitlist", "Waiting list"),
    ("pending", "Pending"),
    ("validated", "Validated"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
HAPPENED_SCOPE = "reserve_mission.participation.happened"
# Settings (ir.config_parameter, see res_config_settings.py), with their defaults.
HAPPENED_LINK_DAYS_PARAM = ("reserve_mission.happened_link_days", 30)
PENDING_REMINDER_DAYS_PARAM = ("reserve_mission.pending_reminder_days", 3)
REMINDER_HOURS_BEFORE = 48


class ReserveMissionParticipation(models.Model):
    """A volunteer's participation in a mission: applied (pending, or on the waiting list
    when the places are taken), validated by the structure, done (with its hours and the
    structure's testimony) or cancelled."""

    _name = "reserve.mission.participation"
    _description = "Volunteer mission participation"
    _inherit = ["mail.thread", "reserve.write.guard"]
    _order = "create_date desc, id desc"
    _rec_name = "mission_id"

    # The structure writes the hours done and its testimony; everything else is the buttons'.
    _manager_write_fields = frozenset({"hours", "testimony"})

    mission_id = fields.Many2one("reserve.mission", required=True, index=True, ondelete="cascade")
    person_id = fields.Many2one("reserve.person", string="Volunteer", required=True, index=True, ondelete="cascade")
    structure_id = fields.Many2one(related="mission_id.structure_id", store=True, index=True)
    activity_id = fields.Many2one(related="mission_id.activity_id")
    date_start = fields.Datetime(related="mission_id.date_start", string="First date")
    date_stop = fields.Datetime(related="mission_id.date_stop", string="Last date ends")
    state = fields.Selection(PARTICIPATION_STATES, default="pending", required=True, tracking=True, index=True)
    is_invited = fields.Boolean(string="Invited by the structure", readonly=True)
    hours = fields.Float(string="Hours done", tracking=True)
    testimony = fields.Text(help="The structure's word on the volunteer's participation, shown to the volunteer.")
    cancel_reason = fields.Char(readonly=True)
    declined_date = fields.Datetime(string="Declined on", readonly=True, copy=False)
    validated_date = fields.Datetime(string="Validated on", readonly=True)
    done_date = fields.Datetime(string="Done on", readonly=True)
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    happened_mail_sent = fields.Boolean(readonly=True, copy=False)
    structure_reminder_date = fields.Datetime(readonly=True, copy=False)
    person_phone = fields.Char(compute="_compute_person_contact", string="Phone")
    person_email = fields.Char(compute="_compute_person_contact", string="E-mail")
    person_commune_id = fields.Many2one("reserve.commune", compute="_compute_person_contact", string="Commune")

    _person_once = models.UniqueIndex(
        "(mission_id, person_id) WHERE state != 'cancelled'", "This person already applied to this mission."
    )
    _hours_positive = models.Constraint("CHECK (hours >= 0)", "The hours done are zero or more.")

    @api.depends("person_id", "state")
    def _compute_person_contact(self):
        # The structure reaches the people who applied to its missions: their phone, e-mail
        # and commune only, read with sudo (their contact is otherwise private).
        for participation in self:
            person = participation.person_id.sudo()
            shown = participation.state in ("pending", "validated", "done")
            participation.person_phone = person.phone if shown else False
            participation.person_email = person.email if shown else False
            participation.person_commune_id = person.commune_id

    @api.constrains("hours")
    def _check_hours(self):
        for participation in self:
            total = participation.mission_id.total_hours
            if total and participation.hours > total + 0.01:
                raise UserError(
                    self.env._(
                        "%(hours)s hours is more than the %(total)s hours of the mission's dates.",
                        hours=f"{participation.hours:g}",
                        total=f"{total:g}",
                    )
                )

    # ------------------------------------------------------------------ who acts

    def _check_structure_user(self):
        self.mission_id._check_structure_user()

    def _check_own(self):
        """Raise unless every participation of self is the current user's own."""
        if self.env.su:
            return
        if any(p.sudo().person_id.user_id != self.env.user for p in self):
            raise AccessError(self.env._("This participation is not yours."))

    # ------------------------------------------------------------------ buttons (the structure)

    def action_validate(self):
        self._check_structure_user()
        if any(p.state != "pending" for p in self):
            raise UserError(self.env._("Only a pending application can be validated."))
        self.sudo().write({"state": "validated", "validated_date": fields.Datetime.now()})
        self._send_mails("reserve_mission.mail_template_participation_validated")
        return True

    def action_decline(self):
        """The structure does not take the volunteer (or no longer): the place goes to the waiting list."""
        self._check_structure_user()
        if any(p.state not in ("waitlist", "pending", "validated") for p in self):
            raise UserError(self.env._("Only an application not done yet can be declined."))
        self.sudo().declined_date = fields.Datetime.now()
        self._cancel(self.env._("Declined by the structure."))
        return True

    def action_mark_done(self):
        self._check_structure_user()
        if any(p.state != "validated" for p in self):
            raise UserError(self.env._("Only a validated participation can be marked as done."))
        now = fields.Datetime.now()
        early = self.filtered(lambda p: not p.mission_id.date_start or p.mission_id.date_start > now)
        if early:
            # The hours done go on the volunteer's attestation: none before the mission starts.
            raise UserError(
                self.env._("“%s” has not started yet: mark it as done once it happened.", early[0].mission_id.name)
            )
        self._set_done()
        return True

    # ------------------------------------------------------------------ the volunteer (checked callers)

    def _portal_cancel(self):
        """The volunteer withdraws their application."""
        self._check_own()
        if any(p.state not in ("waitlist", "pending", "validated") for p in self):
            raise UserError(self.env._("This participation can no longer be cancelled."))
        self._cancel(self.env._("Cancelled by the volunteer."))
        self._send_mails("reserve_mission.mail_template_participation_cancelled_structure")
        return True

    def _cancel(self, reason):
        missions = self.mission_id
        self.sudo().write({"state": "cancelled", "cancel_reason": reason})
        missions._promote_waitlist()

    def _set_done(self):
        now = fields.Datetime.now()
        for participation in self.sudo():
            values = {"state": "done", "done_date": now}
            if not participation.hours:
                past = participation.mission_id.date_ids.filtered(lambda d: d.start <= now)
                values["hours"] = sum(past.mapped("duration_hours"))
            participation.write(values)

    # ------------------------------------------------------------------ "it happened" link

    def _happened_expiry(self):
        self.ensure_one()
        days = int_param(self.env, *HAPPENED_LINK_DAYS_PARAM)
        stop = self.sudo().mission_id.date_stop or fields.Datetime.now()
        return int((stop + datetime.timedelta(days=days)).replace(tzinfo=datetime.UTC).timestamp())

    def _happened_token(self, expiry=None):
        self.ensure_one()
        expiry = expiry or self._happened_expiry()
        return link_token(self.env, HAPPENED_SCOPE, (self.id, self.sudo().person_id.id), expiry)

    def _happened_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/reserve/mission/happened/{self.id}/{self._happened_token()}"

    def _check_happened_token(self, token):
        self.ensure_one()
        return check_link_token(token, lambda expiry: self._happened_token(expiry))

    def _happened_status(self):
        """What the link would do now: 'confirm', 'done' (already), 'too_early' or 'closed'."""
        self.ensure_one()
        participation = self.sudo()
        if participation.state == "done":
            return "done"
        if participation.state != "validated":
            return "closed"
        if not participation.mission_id.date_start or participation.mission_id.date_start > fields.Datetime.now():
            return "too_early"
        return "confirm"

    def _confirm_happened(self):
        """The volunteer says the mission happened (the signed link's button): done, with the
        hours of the dates gone by. :return: the status after it ('done', 'too_early', 'closed')"""
        self.ensure_one()
        status = self._happened_status()
        if status != "confirm":
            return status
        self._set_done()
        self.sudo().message_post(
            body=self.env._("The volunteer confirmed that the mission happened."), subtype_xmlid="mail.mt_note"
        )
        return "done"

    # ------------------------------------------------------------------ mails

    def _send_mails(self, template_xmlid):
        if self:
            # Queued, to the recipient only (they may carry a signed link).
            queue_link_mails(self.env.ref(template_xmlid), self.ids)

    def _notify_applied(self):
        for participation in self:
            template = (
                "reserve_mission.mail_template_participation_applied"
                if participation.state == "pending"
                else "reserve_mission.mail_template_participation_waitlist"
            )
            participation._send_mails(template)
        self._send_mails("reserve_mission.mail_template_participation_new_structure")

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_send_reminders(self):
        """Before the mission: a reminder to the validated volunteers (48 hours ahead)."""
        now = fields.Datetime.now()
        soon = self.search(
            [
                ("state", "=", "validated"),
                ("reminder_sent", "=", False),
                ("mission_id.date_start", ">", now),
                ("mission_id.date_start", "<=", now + datetime.timedelta(hours=REMINDER_HOURS_BEFORE)),
            ]
        )
        soon._send_mails("reserve_mission.mail_template_participation_reminder")
        soon.write({"reminder_sent": True})

    @api.model
    def _cron_send_happened_links(self):
        """After the mission: the one-click “it happened” link to the validated volunteers."""
        over = self.search(
            [
                ("state", "=", "validated"),
                ("happened_mail_sent", "=", False),
                ("mission_id.date_stop", "<", fields.Datetime.now()),
            ]
        )
        over._send_mails("reserve_mission.mail_template_participation_happened")
        over.write({"happened_mail_sent": True})

    @api.model
    def _cron_remind_structures(self):
        """Structures with applications pending for N days: one mail per mission, then again
        every N days while they stay pending."""
        days = int_param(self.env, *PENDING_REMINDER_DAYS_PARAM)
        if not days:
            return
        limit = fields.Datetime.now() - datetime.timedelta(days=days)
        pending = self.search(
            [
                ("state", "=", "pending"),
                ("create_date", "<", limit),
                "|",
                ("structure_reminder_date", "=", False),
                ("structure_reminder_date", "<", limit),
            ]
        )
        template = self.env.ref("reserve_mission.mail_template_mission_pending_reminder")
        for mission in pending.mission_id:
            template.sudo().with_context(
                pending_count=len(pending.filtered(lambda p, m=mission: p.mission_id == m))
            ).send_mail(mission.id, force_send=False)
        pending.write({"structure_reminder_date": fields.Datetime.now()})
