from datetime import timedelta

from odoo import api, fields, models

COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
# Settings (ir.config_parameter) of the escalation, with their defaults; see res_config_settings_escalation.py.
DELAY_PARAMS = {
    "today": ("reserve_medicosociale.escalation_delay_today", 30),
    "week": ("reserve_medicosociale.escalation_delay_week", 240),
    "planned": ("reserve_medicosociale.escalation_delay_planned", 1440),
}
WAVE_SIZE_PARAM = ("reserve_medicosociale.escalation_wave_size", 5)
RADIUS_STEP_PARAM = ("reserve_medicosociale.escalation_radius_step", 10)
# The radius is never widened beyond this.
RADIUS_CAP_KM = 100


def _int_param(env, key, default):
    try:
        return max(int(env["ir.config_parameter"].sudo().get_param(key) or default), 0)
    except ValueError:
        return default


class ReserveNeed(models.Model):
    """Escalation of the needs nobody answered: next wave, wider radius, coordinator's activity."""

    _inherit = "reserve.need"

    @api.model
    def _escalation_delay(self, urgency):
        key, default = DELAY_PARAMS.get(urgency, DELAY_PARAMS["week"])
        return timedelta(minutes=_int_param(self.env, key, default))

    def _last_wave_date(self):
        self.ensure_one()
        return max(self.proposal_ids.mapped("sent_date"), default=self.create_date)

    def _escalation_due(self, now=None):
        """Open needs still short of people whose last wave is older than their urgency's delay."""
        now = now or fields.Datetime.now()
        return self.filtered(
            lambda n: (
                n.state in ("open", "partly_filled")
                and n.filled_count < n.headcount
                and n._last_wave_date() <= now - self._escalation_delay(n.urgency)
            )
        )

    def _send_next_wave(self):
        """Send the need to the best people not asked yet; nobody left: widen the radius.

        :return: the proposals sent
        """
        wave_size = _int_param(self.env, *WAVE_SIZE_PARAM) or WAVE_SIZE_PARAM[1]
        step = _int_param(self.env, *RADIUS_STEP_PARAM)
        proposals = self.env["reserve.proposal"]
        for need in self.sudo():
            if need.state not in ("open", "partly_filled") or need.filled_count >= need.headcount:
                continue
            # _match already leaves out the people asked before.
            matches = need._match(limit=wave_size)
            if matches:
                persons = self.env["reserve.person"].browse([m["person_id"] for m in matches])
                proposals |= need._send_proposals(persons)
            elif step and need.radius_km < RADIUS_CAP_KM:
                old = need.radius_km
                need.radius_km = min(old + step, RADIUS_CAP_KM)
                need.message_post(
                    body=self.env._(
                        "Nobody left to ask within %(old)s km: the search radius is widened to %(new)s km.",
                        old=old,
                        new=need.radius_km,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return proposals

    def _escalation_coordinators(self):
        """Who follows an urgent need: the active users of the coordinator group."""
        return self.env.ref(COORDINATOR_GROUP).sudo().user_ids.filtered(lambda u: u.active and not u.share)

    def _schedule_urgent_activity(self):
        """One to-do per urgent need still open, for the first coordinator; never twice."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        coordinator = self._escalation_coordinators()[:1]
        if not coordinator:
            return
        for need in self.sudo().filtered(lambda n: n.urgency == "today" and n.state in ("open", "partly_filled")):
            if need.activity_ids.filtered(lambda a: a.activity_type_id == todo):
                continue
            need.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Urgent need still open"),
                note=self.env._("No one has filled this urgent need yet: call people or the establishment."),
                user_id=coordinator.id,
            )

    def _escalate(self):
        """Escalate those of these needs that are due."""
        due = self._escalation_due()
        due._send_next_wave()
        due._schedule_urgent_activity()
        return due

    @api.model
    def _cron_escalate(self):
        due = self.search([("state", "in", ("open", "partly_filled"))])._escalation_due()
        self.env["ir.cron"]._commit_progress(remaining=len(due))
        for need in due:
            need._escalate()
            # One need per transaction: a failing need does not undo the waves already sent.
            if not self.env["ir.cron"]._commit_progress(1):
                break
