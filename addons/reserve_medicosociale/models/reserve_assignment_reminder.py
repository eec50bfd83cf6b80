import datetime
from datetime import timedelta

from odoo import api, fields, models

from ..tools.link_details import need_link_details
from ..tools.signed_link import check_link_token, link_token, queue_link_mails

UTC = datetime.UTC
CONFIRM_TOKEN_SCOPE = "reserve.assignment.confirm"
# Reminded between 24 and 48 hours before the start; the coordinator alerted 12 hours before.
REMIND_HOURS = (24, 48)
ALERT_HOURS = 12


class ReserveAssignment(models.Model):
    """Day-before reminder with a one-click confirmation; alerts when still not confirmed."""

    _inherit = "reserve.assignment"

    reminder_sent_date = fields.Datetime(readonly=True, copy=False)
    unconfirmed_alert_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ token

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

    # ------------------------------------------------------------------ cancellation

    def action_cancel(self):
        result = super().action_cancel()
        # The freed seat goes to the next best people at once.
        self.need_id.sudo().filtered(lambda n: n.state in ("open", "partly_filled"))._send_next_wave()
        return result

    # ------------------------------------------------------------------ reminders

    def _remind_tomorrow(self):
        """Queue the day-before e-mail for the planned assignments starting in 24 to 48 hours."""
        now = fields.Datetime.now()
        assignments = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("reminder_sent_date", "=", False),
                ("date_start", ">=", now + timedelta(hours=REMIND_HOURS[0])),
                ("date_start", "<=", now + timedelta(hours=REMIND_HOURS[1])),
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
                ("date_start", "<=", now + timedelta(hours=ALERT_HOURS)),
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

    @api.model
    def _cron_remind_assignments(self):
        reminded = self._remind_tomorrow()
        self.env["ir.cron"]._commit_progress(processed=len(reminded))
        alerted = self._alert_unconfirmed()
        self.env["ir.cron"]._commit_progress(processed=len(alerted))
