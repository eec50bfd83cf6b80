from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval, time

COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
EMPLOYER_PARTIES = ("lender", "borrower")
SIGNATURE_SUFFIXES = ("signature", "signed_by", "signed_on", "signed_ip", "signer_id")


class ReserveLoanEmployerSignature(models.AbstractModel):
    """The two employers of a staff loan and their signatures.

    Shared by the framework agreement and the loan contract: both are signed by a
    manager of the lending and of the borrowing member, with Odoo's portal signature
    (name, drawn or typed image), and we keep when, by whom and from which address.
    """

    _name = "reserve.loan.employer.signature"
    _description = "Signatures of a staff loan's two employers"
    _inherit = ["reserve.write.guard"]
    _write_guard_assigned_fields = frozenset({"name"})

    lender_id = fields.Many2one(
        "res.partner",
        string="Lending member",
        required=True,
        index=True,
        tracking=True,
        domain=[("member_state", "=", "member")],
        help="The member establishment that employs the person and lends them.",
    )
    borrower_id = fields.Many2one(
        "res.partner",
        string="Borrowing member",
        required=True,
        index=True,
        tracking=True,
        domain=[("member_state", "=", "member")],
        help="The member establishment where the person comes to work.",
    )
    lender_signature = fields.Image(
        string="Lender's signature", attachment=True, copy=False, max_width=1024, max_height=1024
    )
    lender_signed_by = fields.Char(string="Signed for the lender by", copy=False)
    lender_signed_on = fields.Datetime(string="Signed for the lender on", copy=False, readonly=True)
    lender_signed_ip = fields.Char(string="Lender's signature IP address", copy=False, readonly=True)
    lender_signer_id = fields.Many2one("res.users", string="Lender's signatory", copy=False, readonly=True)
    borrower_signature = fields.Image(
        string="Borrower's signature", attachment=True, copy=False, max_width=1024, max_height=1024
    )
    borrower_signed_by = fields.Char(string="Signed for the borrower by", copy=False)
    borrower_signed_on = fields.Datetime(string="Signed for the borrower on", copy=False, readonly=True)
    borrower_signed_ip = fields.Char(string="Borrower's signature IP address", copy=False, readonly=True)
    borrower_signer_id = fields.Many2one("res.users", string="Borrower's signatory", copy=False, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        """New loans and agreements start in draft, unsigned, with the next reference of their sequence."""
        for vals in vals_list:
            self._ensure_no_protected_write({k: v for k, v in vals.items() if not (k == "state" and v == "draft")})
            if vals.get("name", "/") == "/" or self._write_guard_role():
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(self._name) or "/"
        return super().create(vals_list)

    @api.constrains("lender_id", "borrower_id")
    def _check_two_members(self):
        for record in self:
            if record.lender_id == record.borrower_id:
                raise ValidationError(self.env._("A member cannot lend staff to itself: choose two different members."))

    def _ensure_no_protected_write(self, vals):
        """Signatures and states change only through the signing and workflow methods."""
        protected = {"state"} | {
            f"{party}_{suffix}" for party in (*EMPLOYER_PARTIES, "employee") for suffix in SIGNATURE_SUFFIXES
        }
        if not self.env.su and protected & set(vals):
            raise AccessError(self.env._("Signatures and the state change only through their buttons."))

    def _set_state(self, vals):
        """Workflow writes: the user needs write access to the records, then the change is made as superuser."""
        self.check_access("write")
        return self.sudo().write(vals)

    def _get_report_base_filename(self):
        """The file name of a document printed on the portal (Odoo's ``_show_report``): the one
        its report gives, as a loan prints several documents (the convention, the amendment);
        the portal names the report in the context key ``report_ref``."""
        self.ensure_one()
        report_ref = self.env.context.get("report_ref")
        report = report_ref and self.env.ref(report_ref, raise_if_not_found=False)
        if report and report.print_report_name:
            return safe_eval(report.print_report_name, {"object": self, "time": time})
        return f"{self._description} {self.name}"

    def _employer_party_of(self, user=None):
        """The employer parties ('lender', 'borrower') that ``user`` manages here."""
        self.ensure_one()
        user = user or self.env.user
        record = self.sudo()
        return [party for party in EMPLOYER_PARTIES if user in record[f"{party}_id"].member_manager_ids]

    def _ensure_acting_manager(self, parties=EMPLOYER_PARTIES):
        """Raise unless the current user is a coordinator or a manager of one of ``parties``
        of each record: the workflow buttons act in the name of those employers."""
        if self.env.su or self.env.user.has_group(COORDINATOR_GROUP):
            return
        for record in self:
            if not set(parties) & set(record._employer_party_of()):
                members = ", ".join(record.sudo()[f"{party}_id"].name for party in parties)
                raise AccessError(
                    self.env._(
                        "Only a manager of %(members)s or a coordinator of the association may do this on %(ref)s: "
                        "ask them.",
                        members=members,
                        ref=record.sudo().name,
                    )
                )

    def _employer_signature_missing(self):
        self.ensure_one()
        return [party for party in EMPLOYER_PARTIES if not self[f"{party}_signed_on"]]

    def _write_employer_signature(self, party, name, signature, ip_address=None):
        """Record the signature of a manager of ``party`` ('lender' or 'borrower').

        The current user must manage that member; the caller checks the state.
        """
        self.ensure_one()
        if party not in EMPLOYER_PARTIES:
            raise UserError(self.env._("Unknown party to sign for."))
        if party not in self._employer_party_of():
            raise AccessError(
                self.env._("Only a manager of %(member)s may sign for it.", member=self[f"{party}_id"].name)
            )
        if self[f"{party}_signed_on"]:
            raise UserError(self.env._("%(member)s has already signed.", member=self[f"{party}_id"].name))
        values = self._signature_values(party, name, signature, ip_address)
        self.sudo().write(dict(values, **{f"{party}_signer_id": self.env.user.id}))

    def _signature_values(self, prefix, name, signature, ip_address=None):
        """The values of a signature by ``prefix`` ('employee', 'lender', 'borrower'), checked.

        :raise UserError: without a typed name or a drawn or typed signature
        """
        name = (name or "").strip()
        if not name:
            raise UserError(self.env._("Type your full name to sign."))
        if not signature:
            raise UserError(self.env._("Draw or type your signature to sign."))
        return {
            f"{prefix}_signature": signature,
            f"{prefix}_signed_by": name,
            f"{prefix}_signed_on": fields.Datetime.now(),
            f"{prefix}_signed_ip": ip_address or False,
        }

    def _clear_employer_signatures(self):
        values = {}
        for party in EMPLOYER_PARTIES:
            values.update(
                {
                    f"{party}_signature": False,
                    f"{party}_signed_by": False,
                    f"{party}_signed_on": False,
                    f"{party}_signed_ip": False,
                    f"{party}_signer_id": False,
                }
            )
        self.sudo().write(values)
