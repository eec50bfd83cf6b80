import datetime
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from ..tools.link_details import need_link_details
from ..tools.local_time import RESERVE_TZ
from ..tools.signed_link import check_link_token, link_token, queue_link_mails
from .reserve_person import COORDINATOR_GROUP

UTC = datetime.UTC
TOKEN_SCOPE = "reserve.proposal.answer"
# The answers of the e-mail's links; each link's token signs its own.
ANSWER_ACTIONS = ("accept", "decline")
PROPOSAL_STATES = [
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
    ("too_late", "Too late"),
]
# How long a proposal can be answered, at most (never after the need's first shift starts).
ANSWER_HOURS = 48


class ReserveProposal(models.Model):
    """A need proposed to one person, answered by a one-click signed link."""

    _name = "reserve.proposal"
    _description = "Proposal of a need to a reservist"
    _inherit = ["mail.thread", "reserve.write.guard"]
    _order = "sent_date desc, id desc"
    _rec_name = "need_id"

    need_id = fields.Many2one("reserve.need", required=True, ondelete="cascade", index=True)
    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    establishment_id = fields.Many2one(related="need_id.establishment_id", store=True, index=True)
    date_start = fields.Datetime(related="need_id.date_start")
    state = fields.Selection(PROPOSAL_STATES, default="sent", required=True, index=True, tracking=True)
    sent_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    answer_date = fields.Datetime(readonly=True)
    expiry_date = fields.Datetime(readonly=True, help="The answer link stops working at this time.")
    wave = fields.Integer(default=1, help="Proposals sent together share a wave number.")
    accept_url = fields.Char(
        compute="_compute_urls", groups="reserve_medicosociale.reserve_medicosociale_group_coordinator"
    )
    decline_url = fields.Char(
        compute="_compute_urls", groups="reserve_medicosociale.reserve_medicosociale_group_coordinator"
    )

    # The code of the SMS's short link (/s/<code>) to the accept page: a credential like the
    # e-mail's links, read by no one but the system.
    sms_code = fields.Char(copy=False, readonly=True, groups="base.group_system")
    # Set in the transaction that withdraws the proposal (its need filled): the person's
    # e-mail is still to be rendered and queued, by the cron triggered at once
    # (ir_cron_assignment_notify), out of the request of the answer that filled the need.
    withdraw_notify_pending = fields.Boolean(readonly=True, copy=False)

    _withdraw_notify_pending_index = models.Index("(id) WHERE withdraw_notify_pending")
    _need_person_unique = models.UniqueIndex("(need_id, person_id)", "This person was already asked for this need.")
    _sms_code_unique = models.UniqueIndex("(sms_code) WHERE sms_code IS NOT NULL")

    def _compute_urls(self):
        for proposal in self:
            proposal.accept_url = proposal._answer_url("accept")
            proposal.decline_url = proposal._answer_url("decline")

    # ------------------------------------------------------------------ token

    def _answer_token(self, action, expiry=None):
        """``<expiry timestamp>-<HMAC of proposal, person, action and expiry>``: the link's credential.

        The accept link's token does not decline, nor the decline link's accept.
        """
        self.ensure_one()
        if expiry is None:
            expiry = int(self.expiry_date.replace(tzinfo=UTC).timestamp())
        return link_token(self.env, TOKEN_SCOPE, (self.id, self.person_id.id, action), expiry)

    def _legacy_answer_token(self, expiry):
        """The token of the links sent before the action was signed: one for both answers."""
        self.ensure_one()
        return link_token(self.env, TOKEN_SCOPE, (self.id, self.person_id.id), expiry)

    def _answer_url(self, action):
        self.ensure_one()
        if not self.id or not self.expiry_date:
            return False
        return f"{self.get_base_url()}/reserve/proposition/{self.id}/{action}/{self._answer_token(action)}"

    def _get_answer_token_status(self, action, token):
        """'valid', 'invalid' (tampered, another proposal's or answer's) or 'expired'."""
        self.ensure_one()
        if action not in ANSWER_ACTIONS:
            return "invalid"
        status = check_link_token(token, lambda expiry: self._answer_token(action, expiry))
        if status == "invalid":
            # Backward compatible: e-mails sent before the action was signed (valid 48 hours at most).
            status = check_link_token(token, self._legacy_answer_token)
        return status

    # ------------------------------------------------------------------ answers

    def _answer_link_page(self, action, token):
        """What the page of the e-mail's link shows; nothing changes (GET and HEAD: mail
        scanners open links).

        :return: 'confirm' (the details and the button that answers), 'accepted' or 'declined'
            (answered already: the details again), 'too_late' (the need is filled), 'invalid'
            or 'expired'
        """
        self.ensure_one()
        status = self._get_answer_token_status(action, token)
        if status != "valid":
            return status
        # The signed token was checked above: it is the person's credential.
        proposal = self.sudo()
        need = proposal.need_id
        if action == "decline":
            return {"sent": "confirm", "declined": "declined"}.get(proposal.state, "expired")
        if proposal.state == "sent":
            has_room = need.state in ("open", "partly_filled") and need.filled_count < need.headcount
            return "confirm" if has_room else "too_late"
        if proposal.state == "too_late" or (proposal.state == "withdrawn" and need.state == "filled"):
            return "too_late"
        if proposal.state == "accepted" and proposal._upcoming_assignment():
            return "accepted"
        return "expired"

    def _answer_details(self):
        """What the person answers: establishment, address, shifts (Paris time), job, contract type."""
        self.ensure_one()
        proposal = self.sudo()
        assignment = proposal._upcoming_assignment()
        return need_link_details(proposal.need_id, assignment.contract_type_id or proposal._contract_type())

    def _upcoming_assignment(self):
        """The planned or confirmed assignment born from this accepted proposal (or nothing)."""
        self.ensure_one()
        return (
            self.env["reserve.assignment"]
            .sudo()
            .search([("proposal_id", "=", self.id), ("state", "in", ("planned", "confirmed"))], limit=1)
        )

    def _answer_from_link(self, action, token):
        """The answer of the e-mail's link, when the person presses the page's button (no login).

        :return: 'accepted', 'declined', 'too_late' (the need is filled), 'invalid' or 'expired'
            (late, or the link was already used)
        """
        self.ensure_one()
        status = self._get_answer_token_status(action, token)
        if status != "valid":
            return status
        if action == "decline":
            if self.state != "sent":
                return "expired"
            self._decline()
            return "declined"
        return self._accept()

    def action_accept(self):
        """Accept in the person's name (a coordinator on the phone with them)."""
        self.ensure_one()
        self._ensure_answering_for_person()
        result = self._accept()
        if result == "too_late":
            raise UserError(self.env._("This need is already filled: the proposal could not be accepted."))
        if result == "expired":
            raise UserError(self.env._("Only a proposal waiting for an answer can be accepted."))

    def action_decline(self):
        """Decline in the person's name (a coordinator on the phone with them)."""
        self._ensure_answering_for_person()
        if self.filtered(lambda p: p.state != "sent"):
            raise UserError(self.env._("Only a proposal waiting for an answer can be declined."))
        self._decline()

    def _ensure_answering_for_person(self):
        """Only a coordinator answers for the person; the person answers with the e-mail's links."""
        if not (self.env.su or self.env.user.has_group(COORDINATOR_GROUP)):
            raise AccessError(
                self.env._(
                    "Only the association's coordinators can answer a proposal for the person. "
                    "The person answers with the buttons of the proposal e-mail."
                )
            )

    def _decline(self):
        self.sudo().write({"state": "declined", "answer_date": fields.Datetime.now()})

    def _accept(self):
        """First accepted answers win, never more people than the headcount.

        The need row is locked first, so that concurrent acceptances serialize; the winner
        updates the need (filled count), which makes the waiting transactions fail to
        serialize and be retried on a fresh snapshot, where they see the assignment.
        :return: 'accepted', 'too_late' or 'expired'
        """
        self.ensure_one()
        # Called from the signed link or by a coordinator: the checks were made by the caller.
        proposal = self.sudo()
        need = proposal.need_id
        # A concurrent answer that committed first makes these fail to serialize: expected,
        # and Odoo retries the request (logged as a retry, not as a bad query).
        self.env.cr.execute(SQL("SELECT id FROM reserve_need WHERE id = %s FOR UPDATE", need.id), log_exceptions=False)
        self.env.cr.execute(
            SQL("SELECT id FROM reserve_proposal WHERE id = %s FOR UPDATE", proposal.id), log_exceptions=False
        )
        self.env.invalidate_all()
        now = fields.Datetime.now()
        if proposal.state == "withdrawn" and need.state == "filled":
            proposal.write({"state": "too_late", "answer_date": now})
            return "too_late"
        if proposal.state != "sent":
            return "too_late" if proposal.state == "too_late" else "expired"
        if need.state not in ("open", "partly_filled") or need.filled_count >= need.headcount:
            proposal.write({"state": "too_late", "answer_date": now})
            proposal._notify_too_late()
            return "too_late"
        proposal.write({"state": "accepted", "answer_date": now})
        self.env["reserve.assignment"].sudo().create(
            {
                "need_id": need.id,
                "person_id": proposal.person_id.id,
                "proposal_id": proposal.id,
                "contract_type_id": proposal._contract_type().id,
            }
        )
        return "accepted"

    def _contract_type(self):
        """A lent employee comes under a staff loan when the need accepts one; others under the need's first type."""
        self.ensure_one()
        types = self.need_id.contract_type_ids
        if self.person_id.category == "lent_employee":
            loan = types.filtered(lambda t: t.code == "loan")
            if loan:
                return loan[:1]
        return types.filtered(lambda t: t.code != "loan")[:1] or types[:1]

    # ------------------------------------------------------------------ mails

    def _send_mails(self, template_xmlid):
        # Queued, never sent in the request: the mail queue cron sends them.
        queue_link_mails(self.env.ref(template_xmlid), self.ids)

    def _short_url(self):
        """The SMS's short link to the page that accepts the proposal (a GET shows, a button acts)."""
        self.ensure_one()
        proposal = self.sudo()
        if not proposal.sms_code:
            proposal.sms_code = secrets.token_urlsafe(9)
        return f"{self.get_base_url()}/s/{proposal.sms_code}"

    @api.model
    def _from_sms_code(self, code):
        """The proposal of a short link, or an empty recordset."""
        if not code or len(code) > 32:
            return self.browse()
        # The code is the credential, as the e-mail link's token.
        return self.sudo().search([("sms_code", "=", code)], limit=1)

    def _sms_body(self):
        """The SMS of an urgent proposal: short, in the person's language, with the short link."""
        self.ensure_one()
        proposal = self.sudo()
        person = proposal.person_id
        env = self.with_context(lang=person.partner_id.lang or self.env.lang).env
        need = proposal.need_id
        shifts = need.shift_ids.sorted("start")
        when = ""
        if shifts:
            # Short: “mar. 10 mars 08:00–16:00”.
            start, stop = shifts[0].start, shifts[0].stop
            when = "{} {}–{}".format(
                format_datetime(env, start, tz=RESERVE_TZ, dt_format="EEE d MMM"),
                format_datetime(env, start, tz=RESERVE_TZ, dt_format="HH:mm"),
                format_datetime(env, stop, tz=RESERVE_TZ, dt_format="HH:mm"),
            )
        if len(shifts) > 1:
            when = env._("%(first)s and %(count)s more shifts", first=when, count=len(shifts) - 1)
        return env._(
            "Urgent reinforcement: %(job)s at %(establishment)s, %(when)s. Answer: %(url)s Reply STOP to stop SMS.",
            job=need.job_id.name,
            establishment=need.establishment_id.name,
            when=when,
            url=proposal._short_url(),
        )

    def _send_sms(self):
        """Send these proposals by SMS to the people who chose SMS and gave a mobile number,
        through the company's SMS provider (the local one by default): the SMS stays on the
        list of SMS, and a note without its link on the person and on the need.

        :return: the ``sms.sms`` records
        """
        values, sent = [], self.browse()
        for proposal in self.sudo():
            number = proposal.person_id._sms_number()
            if not number:
                continue
            values.append(
                {
                    "number": number,
                    "body": proposal._sms_body(),
                    "partner_id": proposal.person_id.partner_id.id,
                }
            )
            sent |= proposal
        if not values:
            return self.env["sms.sms"]
        sms = self.env["sms.sms"].sudo().create(values)
        sms.send(unlink_sent=False, raise_exception=False)
        for proposal in sent:
            proposal.person_id.sudo().message_post(
                body=self.env._("Urgent proposal for %(need)s sent by SMS.", need=proposal.need_id.display_name),
                subtype_xmlid="mail.mt_note",
            )
        for need, proposals in sent.grouped("need_id").items():
            need.sudo().message_post(
                body=self.env._(
                    "Urgent proposal sent by SMS to %(count)s people: %(names)s.",
                    count=len(proposals),
                    names=", ".join(need._short_person_name(p.person_id.name) for p in proposals),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return sms

    def _notify_too_late(self):
        self._send_mails("reserve_medicosociale.mail_template_proposal_too_late")

    def _withdraw(self):
        """The need is filled: pending proposals are withdrawn, and the people told by the
        notification cron, triggered at once (the last answer's request renders no e-mail)."""
        pending = self.filtered(lambda p: p.state == "sent")
        if pending:
            pending.sudo().write(
                {"state": "withdrawn", "answer_date": fields.Datetime.now(), "withdraw_notify_pending": True}
            )
            self.env.ref("reserve_medicosociale.ir_cron_assignment_notify")._trigger()

    def _send_pending_withdrawals(self, limit=None):
        """Queue the e-mails of the proposals withdrawn since the cron's last run.

        A proposal no longer withdrawn (its need reopened and answered meanwhile) is told nothing.
        :return: the proposals whose e-mail was pending
        """
        pending = self.sudo().search([("withdraw_notify_pending", "=", True)], order="id", limit=limit)
        if not pending:
            return pending
        pending.filtered(lambda p: p.state == "withdrawn")._send_mails(
            "reserve_medicosociale.mail_template_proposal_withdrawn"
        )
        pending.write({"withdraw_notify_pending": False})
        return pending

    @api.model
    def _cron_expire_proposals(self):
        proposals = self.search([("state", "=", "sent"), ("expiry_date", "<", fields.Datetime.now())])
        proposals.write({"state": "expired"})

    @api.model
    def _default_expiry(self, need):
        expiry = fields.Datetime.now() + timedelta(hours=ANSWER_HOURS)
        return min(expiry, need.date_start) if need.date_start else expiry
