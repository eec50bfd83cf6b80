import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.link_details import address_lines, need_link_details
from ..tools.local_time import UTC
from ..tools.signed_link import check_link_token, link_token, queue_link_mails

ASSIGNMENT_STATES = [
    ("planned", "Planned"),
    ("confirmed", "Confirmed"),
    ("done", "Done"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
]
# What a member manager may change on the assignments of their establishments (the outcome,
# i.e. the state, changes through the buttons, which also archive the event or reopen the seat).
ESTABLISHMENT_FIELDS = frozenset({"hours_worked", "rating", "rating_comment"})
RATINGS = [("1", "1 - Poor"), ("2", "2 - Fair"), ("3", "3 - Good"), ("4", "4 - Very good"), ("5", "5 - Excellent")]
COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
CONFIRM_TOKEN_SCOPE = "reserve.assignment.confirm"
# Reminded between 24 and 48 hours before the start; the coordinator alerted 12 hours before.
REMIND_HOURS = (24, 48)
ALERT_HOURS = 12
# The invitations and the establishment's e-mails of this many new assignments per cron batch
# (each batch committed, and the mail queue woken, at once: small batches reach people sooner
# while the server is busy, Odoo's cron worker giving way to the requests).
NOTIFY_BATCH = 10


class ReserveAssignment(models.Model):
    """A person who comes to work for a need: born from an accepted proposal.

    The person and the establishment are invited to a calendar event; the day before, the
    person gets a reminder with a one-click confirmation, and a coordinator is alerted when
    it is still not confirmed. A cancelled assignment frees its seat for the next wave.
    """

    _name = "reserve.assignment"
    _description = "Assignment of a reservist to a need"
    _inherit = ["mail.thread", "mail.activity.mixin", "reserve.write.guard"]
    _order = "date_start desc, id desc"
    _rec_name = "need_id"
    # Assignments are born from accepted proposals (in sudo); a manager records the outcome.
    _manager_write_fields = ESTABLISHMENT_FIELDS

    need_id = fields.Many2one("reserve.need", required=True, ondelete="restrict", index=True)
    person_id = fields.Many2one("reserve.person", required=True, ondelete="restrict", index=True)
    proposal_id = fields.Many2one("reserve.proposal", ondelete="set null", index=True)
    establishment_id = fields.Many2one(related="need_id.establishment_id", store=True, index=True)
    job_id = fields.Many2one(related="need_id.job_id")
    contract_type_id = fields.Many2one("reserve.contract.type", tracking=True)
    date_start = fields.Datetime(related="need_id.date_start", store=True, index=True)
    date_stop = fields.Datetime(related="need_id.date_stop", store=True)
    state = fields.Selection(ASSIGNMENT_STATES, default="planned", required=True, tracking=True, index=True)
    hours_worked = fields.Float(tracking=True)
    rating = fields.Selection(RATINGS, string="Establishment's rating", tracking=True)
    rating_comment = fields.Text(string="Establishment's comment")
    # Indexed: the calendar's record rule looks events up by their assignment.
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, ondelete="set null", index="btree_not_null"
    )
    reminder_sent_date = fields.Datetime(readonly=True, copy=False)
    unconfirmed_alert_date = fields.Datetime(readonly=True, copy=False)
    # Set in the transaction that creates the assignment: its calendar invitation (with the
    # ICS file) and the establishment's e-mail are still to be rendered and queued, by the
    # cron triggered at once (ir_cron_assignment_notify). Nothing is lost if the server stops
    # in between: the flag was committed with the assignment.
    notify_pending = fields.Boolean(readonly=True, copy=False)

    _notify_pending_index = models.Index("(id) WHERE notify_pending")

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # Work recorded after the fact (done, missed or cancelled, e.g. a history imported
        # from the association's files) invites nobody and tells nobody.
        for vals in vals_list:
            vals["notify_pending"] = vals.get("state", "planned") in ("planned", "confirmed")
        assignments = super().create(vals_list)
        upcoming = assignments.filtered("notify_pending")
        # The event (the calendar file of the link's page) is made at once; its invitation
        # and the establishment's e-mail are rendered by the cron, out of the request.
        upcoming._create_calendar_events()
        assignments.need_id._update_filled_state()
        if upcoming:
            self.env.ref("reserve_medicosociale.ir_cron_assignment_notify")._trigger()
        return assignments

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise AccessError(
                self.env._("The state of an assignment changes only through its buttons (done, no-show, cancel…).")
            )
        if not self.env.su and set(vals) - ESTABLISHMENT_FIELDS and not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(
                self.env._("An establishment only records the hours worked, its rating and comment, and the outcome.")
            )
        result = super().write(vals)
        if "state" in vals:
            self.need_id._update_filled_state()
        return result

    # ------------------------------------------------------------------ actions

    def action_confirm(self):
        """A coordinator records that the person confirmed they are coming (on the phone);
        the person confirms with the reminder's link. Nobody else says it in their name."""
        coordinator = self.env.user.has_group(COORDINATOR_GROUP)
        if not (self.env.su or coordinator):
            raise AccessError(
                self.env._(
                    "Only the person, with the reminder's link, or a coordinator can confirm that they are coming."
                )
            )
        self._ensure_state(("planned",))
        self._write_outcome({"state": "confirmed"})

    def action_done(self):
        self._ensure_state(("planned", "confirmed"))
        for assignment in self:
            assignment._write_outcome(
                {
                    "state": "done",
                    "hours_worked": assignment.hours_worked
                    or sum(assignment.need_id.shift_ids.mapped("duration_hours")),
                }
            )

    def action_no_show(self):
        self._ensure_state(("planned", "confirmed"))
        self._write_outcome({"state": "no_show", "hours_worked": 0})

    def action_cancel(self):
        self._ensure_state(("planned", "confirmed"))
        self._write_outcome({"state": "cancelled"})
        self.calendar_event_id.sudo().action_archive()
        # The freed seat goes to the next best people at once.
        self.need_id.sudo().filtered(lambda n: n.state in ("open", "partly_filled"))._send_next_wave()

    # ------------------------------------------------------------------ outcome

    def _write_outcome(self, vals):
        """The buttons' writes: the user needs write access to the assignments, then it is written."""
        self.check_access("write")
        return self.sudo().write(vals)

    def _ensure_state(self, allowed):
        """Raise unless every assignment is in one of the ``allowed`` states."""
        if self.filtered(lambda a: a.state not in allowed):
            raise UserError(self.env._("This action is not possible in the assignment's current state."))

    def _create_calendar_events(self):
        """One event per assignment, the person and the establishment invited with an ICS file."""
        # Created without Odoo's immediate sending; the invitations are queued below instead.
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": self.env._(
                            "%(job)s at %(establishment)s", job=a.job_id.name, establishment=a.establishment_id.name
                        ),
                        "start": a.date_start,
                        "stop": a.date_stop,
                        "user_id": a.need_id.create_uid.id,
                        "partner_ids": [(6, 0, (a.person_id.partner_id | a.establishment_id).ids)],
                        "description": a.need_id.notes or False,
                        # In the invitation and in the calendar file of the link's page.
                        "location": ", ".join(address_lines(a.establishment_id)) or False,
                        "privacy": "private",
                    }
                    for a in self
                ]
            )
        )
        for assignment, event in zip(self, events, strict=True):
            assignment.calendar_event_id = event

    def _invite_attendees(self):
        """Queue the calendar invitation (with its ICS file) of the assignments' events."""
        events = self.sudo().calendar_event_id.filtered("active")
        if not events:
            return
        template = self.env.ref("calendar.calendar_template_meeting_invitation", raise_if_not_found=False)
        events.with_context(no_mail_to_attendees=False).attendee_ids.sudo()._notify_attendees(
            template, force_send=False
        )

    def _notify_establishment(self):
        """The establishment is told who comes, with their verified qualifications."""
        template = self.env.ref("reserve_medicosociale.mail_template_assignment_establishment")
        for assignment in self.sudo():
            # From the need's author, not from the public user who clicked the link; from the
            # association when the author has no address (a partner's integration user, an
            # import): an e-mail without a sender is refused by the mail queue.
            author = assignment.need_id.create_uid.partner_id
            if not author.email:
                author = (assignment.need_id.create_uid.company_id or self.env.company).partner_id
            assignment.message_post_with_source(
                template,
                author_id=author.id,
                email_from=author.email_formatted or False,
                subtype_xmlid="mail.mt_comment",
                partner_ids=assignment.establishment_id.ids,
            )

    def _send_pending_notifications(self, limit=None):
        """Render and queue the invitations and establishment's e-mails of the new assignments.

        An assignment cancelled meanwhile invites and tells nobody.
        :return: the assignments whose notifications were pending
        """
        pending = self.sudo().search([("notify_pending", "=", True)], order="id", limit=limit)
        if not pending:
            return pending
        upcoming = pending.filtered(lambda a: a.state in ("planned", "confirmed"))
        upcoming._invite_attendees()
        upcoming._notify_establishment()
        pending.write({"notify_pending": False})
        return pending

    @api.model
    def _cron_notify_assignments(self):
        """The e-mails that follow an answer: the new assignments' invitations and their
        establishments' e-mails, and the withdrawn proposals' e-mails (the need filled)."""
        Proposal = self.env["reserve.proposal"]
        done = len(self._send_pending_notifications(limit=NOTIFY_BATCH))
        done += len(Proposal._send_pending_withdrawals(limit=NOTIFY_BATCH))
        if done:
            # The e-mails are queued: sent by the mail queue at once, not at its next run.
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        remaining = self.sudo().search_count([("notify_pending", "=", True)])
        remaining += Proposal.sudo().search_count([("withdraw_notify_pending", "=", True)])
        self.env["ir.cron"]._commit_progress(processed=done, remaining=remaining)

    def _verified_qualifications(self):
        self.ensure_one()
        return self.sudo().person_id.qualification_line_ids.filtered(lambda line: line.state == "verified")

    # ------------------------------------------------------------------ confirmation link

    def _confirm_token(self, expiry=None):
        """``<expiry timestamp>-<HMAC of assignment, person and expiry>``; it expires at the start."""
        self.ensure_one()
        if expiry is None:
            expiry = int(self.date_start.replace(tzinfo=UTC).timestamp())
        return link_token(self.env, CONFIRM_TOKEN_SCOPE, (self.id, self.person_id.id), expiry)

    def _confirm_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/reserve/mission/{self.id}/confirm/{self._confirm_token()}"

    def _confirm_link_page(self, token):
        """What the page of the reminder's link shows; nothing changes (GET and HEAD: mail
        scanners open links).

        :return: 'confirm' (the details and the button), 'confirmed' (already: the details
            again), 'invalid' (tampered) or 'expired' (late, or no longer planned)
        """
        self.ensure_one()
        status = check_link_token(token, self._confirm_token)
        if status != "valid":
            return status
        return {"planned": "confirm", "confirmed": "confirmed"}.get(self.sudo().state, "expired")

    def _confirm_details(self):
        """What the person confirms: establishment, address, shifts (Paris time), job, contract type."""
        self.ensure_one()
        assignment = self.sudo()
        return need_link_details(assignment.need_id, assignment.contract_type_id)

    def _calendar_file(self):
        """The assignment's calendar file (.ics content, bytes), from its calendar event; or None."""
        self.ensure_one()
        event = self.sudo().calendar_event_id
        return event._get_ics_file().get(event.id) if event else None

    def _confirm_from_link(self, token):
        """The confirmation of the reminder's link, when the person presses the page's button (no login).

        :return: 'confirmed', 'invalid' (tampered) or 'expired' (late, or no longer planned)
        """
        self.ensure_one()
        status = check_link_token(token, self._confirm_token)
        if status == "valid" and self.state != "planned":
            status = "expired"
        if status != "valid":
            return status
        # The signed token was checked above: it is the person's credential.
        self.sudo().write({"state": "confirmed"})
        return "confirmed"

    # ------------------------------------------------------------------ reminders

    def _remind_tomorrow(self):
        """Queue the day-before e-mail for the planned assignments starting in 24 to 48 hours."""
        now = fields.Datetime.now()
        assignments = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("reminder_sent_date", "=", False),
                ("date_start", ">=", now + datetime.timedelta(hours=REMIND_HOURS[0])),
                ("date_start", "<=", now + datetime.timedelta(hours=REMIND_HOURS[1])),
            ]
        )
        if assignments:
            queue_link_mails(self.env.ref("reserve_medicosociale.mail_template_assignment_reminder"), assignments.ids)
            assignments.write({"reminder_sent_date": now})
        return assignments

    def _alert_unconfirmed(self):
        """Still planned 12 hours before: an activity for the coordinator, a message to the
        establishment, once."""
        now = fields.Datetime.now()
        assignments = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("unconfirmed_alert_date", "=", False),
                ("date_start", ">", now),
                ("date_start", "<=", now + datetime.timedelta(hours=ALERT_HOURS)),
            ]
        )
        coordinator = self.env["reserve.need"]._escalation_coordinators()[:1]
        if coordinator and assignments:
            assignments.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Assignment not confirmed"),
                note=self.env._("The person has not confirmed they are coming: call them."),
                user_id=coordinator.id,
            )
        for assignment in assignments:
            assignment.message_post(
                body=self.env._(
                    "%(person)s has not confirmed yet that they are coming. "
                    "The reserve's coordinators are calling them.",
                    person=assignment.person_id.name,
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=assignment.establishment_id.ids,
            )
        assignments.write({"unconfirmed_alert_date": now})
        return assignments

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_remind_assignments(self):
        reminded = self._remind_tomorrow()
        self.env["ir.cron"]._commit_progress(processed=len(reminded))
        alerted = self._alert_unconfirmed()
        self.env["ir.cron"]._commit_progress(processed=len(alerted))
