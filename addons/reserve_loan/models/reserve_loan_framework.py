from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .reserve_loan_employer_signature import EMPLOYER_PARTIES

FRAMEWORK_STATES = [
    ("draft", "Draft"),
    ("to_sign", "To sign"),
    ("signed", "Signed"),
    ("ended", "Ended"),
    ("cancelled", "Cancelled"),
]


class ReserveLoanFramework(models.Model):
    """A framework agreement (convention-cadre) between two members.

    The convention is signed once by both employers; each loan made under it is an
    annex that the employee consents to, without signing the convention again.
    """

    _name = "reserve.loan.framework"
    _description = "Staff-loan framework agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "reserve.loan.employer.signature"]
    # A member manager drafts an agreement between their member and another; the members
    # are chosen once (the rules check them).
    _manager_write_fields = frozenset({"date_start", "date_end", "notes"})
    _manager_create_fields = _manager_write_fields | {"lender_id", "borrower_id"}
    _order = "date_start desc, id desc"

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    state = fields.Selection(FRAMEWORK_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    date_start = fields.Date(string="Valid from", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(string="Valid until", tracking=True, help="Leave empty for an agreement without end date.")
    notes = fields.Html(string="Particular clauses")
    contract_ids = fields.One2many("reserve.loan.contract", "framework_id", string="Loans (annexes)")
    contract_count = fields.Integer(compute="_compute_contract_count", string="Loans")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)

    @api.depends("contract_ids")
    def _compute_contract_count(self):
        for framework in self:
            framework.contract_count = len(framework.contract_ids)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for framework in self:
            if framework.date_end and framework.date_end < framework.date_start:
                raise ValidationError(self.env._("The agreement cannot end before it starts."))

    def write(self, vals):
        self._ensure_no_protected_write(vals)
        locked = {"lender_id", "borrower_id", "date_start", "date_end", "notes"} & set(vals)
        if locked and self.filtered(lambda f: f.state != "draft"):
            raise UserError(
                self.env._("A framework agreement sent for signature cannot change: set it back to draft first.")
            )
        return super().write(vals)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for framework in self:
            framework.access_url = f"/my/loans/framework/{framework.id}"
        return result

    @api.model
    def _party_domain(self, user):
        """The agreements sent for signature between members that ``user`` manages."""
        return [
            ("state", "!=", "draft"),
            "|",
            ("lender_id.member_manager_ids", "in", [user.id]),
            ("borrower_id.member_manager_ids", "in", [user.id]),
        ]

    def _signatures_due(self, user=None):
        """The employers ('lender', 'borrower') that ``user`` may sign for now."""
        self.ensure_one()
        if self.state != "to_sign":
            return []
        roles = self._employer_party_of(user)
        missing = self._employer_signature_missing()
        return [party for party in EMPLOYER_PARTIES if party in roles and party in missing]

    def _covers(self, date_from, date_to):
        """Whether this signed agreement is valid over the whole period."""
        self.ensure_one()
        return (
            self.state == "signed"
            and self.date_start <= date_from
            and (not self.date_end or (date_to and date_to <= self.date_end))
        )

    # ------------------------------------------------------------------ actions

    def action_send_for_signature(self):
        self._ensure_acting_manager()
        for framework in self:
            if framework.state != "draft":
                raise UserError(self.env._("Only a draft agreement can be sent for signature."))
        self._set_state({"state": "to_sign"})
        self._request_employer_signatures()

    def action_cancel(self):
        self._ensure_acting_manager()
        if self.filtered(lambda f: f.state == "ended"):
            raise UserError(self.env._("An ended agreement cannot be cancelled."))
        running = self.contract_ids.filtered(lambda c: c.state not in ("draft", "ended", "cancelled"))
        if running:
            raise UserError(
                self.env._(
                    "Loans are still under way under this agreement (%(loans)s): end or cancel them first.",
                    loans=", ".join(running.mapped("name")),
                )
            )
        self._set_state({"state": "cancelled"})

    def action_draft(self):
        self._ensure_acting_manager()
        if self.filtered(lambda f: f.state not in ("to_sign", "cancelled")):
            raise UserError(self.env._("Only an agreement awaiting signatures or cancelled can go back to draft."))
        self.check_access("write")
        self._clear_employer_signatures()
        self._set_state({"state": "draft"})

    def _sign_as_employer(self, party, name, signature, ip_address=None):
        """A manager of the lender or the borrower signs; both signed → signed.

        Private (never over RPC): the portal's signing route calls it as the signed-in
        manager, and the signature checks that they manage ``party``.
        """
        self.ensure_one()
        if self.state != "to_sign":
            raise UserError(self.env._("This agreement is not awaiting signatures."))
        self._write_employer_signature(party, name, signature, ip_address)
        self.message_post(
            body=self.env._(
                "Signed for %(member)s by %(name)s.", member=self[f"{party}_id"].name, name=self[f"{party}_signed_by"]
            )
        )
        if not self._employer_signature_missing():
            self.sudo().write({"state": "signed"})
            # Loans waiting for this agreement go on.
            self.sudo().contract_ids.filtered(lambda c: c.state == "employee_signed")._on_employers_signed()

    def _request_employer_signatures(self):
        template = self.env.ref("reserve_loan.mail_template_loan_framework_to_sign")
        for framework in self.sudo():
            for party in framework._employer_signature_missing():
                managers = framework[f"{party}_id"].member_manager_ids
                if managers:
                    framework.message_post_with_source(
                        template,
                        subtype_xmlid="mail.mt_comment",
                        partner_ids=managers.partner_id.ids,
                        force_send=False,
                    )

    @api.model
    def _cron_end_frameworks(self):
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "signed"), ("date_end", "<", today)])
        ended._set_state({"state": "ended"})
        return ended
