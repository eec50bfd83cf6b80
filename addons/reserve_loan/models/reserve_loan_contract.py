import logging
import secrets
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import consteq, float_compare, float_round, format_date
from odoo.tools.misc import hmac

from odoo.addons.reserve_medicosociale.tools.local_time import to_local

from .reserve_loan_employer_signature import EMPLOYER_PARTIES

LOAN_STATES = [
    ("draft", "Draft"),
    ("consent", "Sent for consent"),
    ("employee_signed", "Signed by the employee"),
    ("signed", "Signed by both employers"),
    ("running", "Running"),
    ("ended", "Ended"),
    ("cancelled", "Cancelled"),
]
# What makes the loan: once the employee is asked, these change only back in draft.
TERMS_FIELDS = {
    "lender_id",
    "borrower_id",
    "employee_id",
    "framework_id",
    "date_start",
    "date_end",
    "job_id",
    "place",
    "work_description",
    "working_hours",
    "weekly_hours",
    "hourly_cost",
    "charges_rate",
    "billed_hourly_rate",
    "expenses_description",
}
_logger = logging.getLogger(__name__)

CHARGES_RATE_PARAM = "reserve_loan.default_charges_rate"
DEFAULT_CHARGES_RATE = 45.0
REMINDER_DAYS_PARAM = "reserve_loan.reminder_days"
SIGNING_LINK_DAYS_PARAM = "reserve_loan.signing_link_days"
DEFAULT_SIGNING_LINK_DAYS = 30
EMPLOYEE_TOKEN_SCOPE = "reserve_loan.employee_signature"
# Written only by the workflow (as superuser), never typed by anyone.
WORKFLOW_FIELDS = {
    "employee_token",
    "employee_token_expiry",
    "consent_sent_on",
    "last_reminder_on",
    "refusal_reason",
    "documents_pending",
}


class ReserveLoanContract(models.Model):
    """A staff loan (mise à disposition) of an employee between two member establishments.

    Code du travail L8241-1 and L8241-2: without profit, with the employee's written
    consent, a convention between the two employers and an amendment (avenant) to the
    employee's work contract; the lender re-invoices only salary, social charges and
    professional expenses, and the employee keeps their contract and pay.
    """

    _name = "reserve.loan.contract"
    _description = "Staff-loan contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "reserve.loan.employer.signature"]
    _order = "date_start desc, id desc"
    # A member manager drafts the terms of a loan of their members; the parties and the
    # framework are chosen once (the rules check them), the rest changes by the buttons.
    _manager_write_fields = frozenset(TERMS_FIELDS - {"lender_id", "borrower_id", "employee_id", "framework_id"}) | {
        "planned_hours"
    }
    _manager_create_fields = frozenset(TERMS_FIELDS | {"planned_hours"})

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    state = fields.Selection(LOAN_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    framework_id = fields.Many2one(
        "reserve.loan.framework",
        string="Framework agreement",
        index=True,
        tracking=True,
        domain="[('lender_id', '=', lender_id), ('borrower_id', '=', borrower_id), "
        "('state', 'in', ('draft', 'to_sign', 'signed'))]",
        help="When the two members signed a framework agreement, this loan is one of its annexes: "
        "the employers do not sign a convention again.",
    )
    employee_id = fields.Many2one(
        "reserve.person",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('category', '=', 'lent_employee'), ('employer_id', '=', lender_id)]",
    )
    assignment_ids = fields.One2many("reserve.assignment", "loan_contract_id", string="Assignments")
    date_start = fields.Date(string="From", required=True, tracking=True)
    date_end = fields.Date(string="Until", required=True, tracking=True)
    job_id = fields.Many2one("reserve.job", required=True, tracking=True)
    place = fields.Char(string="Place of work", required=True, tracking=True)
    work_description = fields.Text(string="Work entrusted", help="The tasks the employee does at the borrower's.")
    working_hours = fields.Char(
        string="Working hours", help="e.g. 7:00-14:30 on weekdays, or the shifts of the assignments."
    )
    weekly_hours = fields.Float(string="Hours per week")
    planned_hours = fields.Float(string="Planned hours", tracking=True)

    currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    hourly_cost = fields.Monetary(
        string="Gross hourly salary", tracking=True, help="The employee's gross hourly salary paid by the lender."
    )
    charges_rate = fields.Float(
        string="Employer's charges (%)",
        default=lambda self: self._default_charges_rate(),
        tracking=True,
        help="Employer's social charges, as a percentage of the gross salary.",
    )
    billed_hourly_rate = fields.Monetary(
        string="Re-invoiced hourly rate",
        compute="_compute_billed_hourly_rate",
        store=True,
        readonly=False,
        tracking=True,
        help="Salary plus charges per hour. A staff loan is non-profit: this rate may be lower than the cost "
        "(the lender bears part of it), never higher.",
    )
    expenses_description = fields.Text(
        string="Professional expenses", help="Which expenses are re-invoiced (mileage, meals…), at their real cost."
    )
    hours_line_ids = fields.One2many("reserve.loan.hours", "contract_id", string="Days worked")
    hours_done = fields.Float(compute="_compute_costs", store=True, string="Hours done")
    salary_cost = fields.Monetary(compute="_compute_costs", store=True, string="Salary")
    charges_cost = fields.Monetary(compute="_compute_costs", store=True, string="Charges")
    expenses_cost = fields.Monetary(compute="_compute_costs", store=True, string="Expenses")
    total_cost = fields.Monetary(compute="_compute_costs", store=True, string="Cost to the lender")
    amount_to_invoice = fields.Monetary(compute="_compute_costs", store=True, string="To re-invoice")
    estimated_cost = fields.Monetary(compute="_compute_estimated_cost", string="Estimated cost")

    employee_signature = fields.Image(
        string="Employee's signature", attachment=True, copy=False, max_width=1024, max_height=1024
    )
    employee_signed_by = fields.Char(string="Signed by the employee as", copy=False)
    employee_signed_on = fields.Datetime(string="Employee signed on", copy=False, readonly=True)
    employee_signed_ip = fields.Char(string="Employee's signature IP address", copy=False, readonly=True)
    consent_sent_on = fields.Datetime(string="Consent asked on", copy=False, readonly=True)
    # The employee's own credential to read and sign without signing in: only in the e-mail
    # sent to them, never readable by the employers (nor by anyone but the administrator).
    employee_token = fields.Char(
        string="Employee's signing token", copy=False, readonly=True, groups="base.group_system"
    )
    employee_token_expiry = fields.Datetime(
        string="Employee's signing link valid until",
        copy=False,
        readonly=True,
        help="The link e-mailed to the employee works until then; a new link replaces it when the loan "
        "goes back to draft or is sent again.",
    )
    last_reminder_on = fields.Datetime(string="Last reminder", copy=False, readonly=True)
    refusal_reason = fields.Text(string="Reason of the refusal", copy=False, tracking=True)
    documents_pending = fields.Boolean(
        string="Signed documents to print",
        copy=False,
        readonly=True,
        help="The signed convention and amendment are being printed and attached to the loan.",
    )

    _date_check = models.Constraint("CHECK (date_end >= date_start)", "A loan cannot end before it starts.")
    _cost_positive = models.Constraint(
        "CHECK (hourly_cost >= 0 AND billed_hourly_rate >= 0)", "Costs and rates cannot be negative."
    )

    @api.model
    def _default_charges_rate(self):
        value = self.env["ir.config_parameter"].sudo().get_param(CHARGES_RATE_PARAM)
        try:
            return float(value) if value else DEFAULT_CHARGES_RATE
        except ValueError:
            return DEFAULT_CHARGES_RATE

    # ------------------------------------------------------------------ computes

    def _full_hourly_cost(self):
        self.ensure_one()
        return float_round(self.hourly_cost * (1 + self.charges_rate / 100.0), precision_digits=2)

    @api.depends("hourly_cost", "charges_rate")
    def _compute_billed_hourly_rate(self):
        for contract in self:
            contract.billed_hourly_rate = contract._full_hourly_cost()

    @api.depends("hours_line_ids.hours", "hours_line_ids.expenses", "hourly_cost", "charges_rate", "billed_hourly_rate")
    def _compute_costs(self):
        for contract in self:
            figures = contract._cost_figures(
                sum(contract.hours_line_ids.mapped("hours")), sum(contract.hours_line_ids.mapped("expenses"))
            )
            contract.hours_done = figures["hours"]
            contract.salary_cost = figures["salary"]
            contract.charges_cost = figures["charges"]
            contract.expenses_cost = figures["expenses"]
            contract.total_cost = figures["cost"]
            contract.amount_to_invoice = figures["amount"]

    def _cost_figures(self, hours, expenses):
        """What ``hours`` done with ``expenses`` cost under this loan, and what is re-invoiced.

        Salary = hours x gross hourly salary, charges = salary x
        rate, expenses at their real cost, and the amount re-invoiced is the hours at the
        re-invoiced rate, never more than salary plus charges, plus the expenses.
        """
        self.ensure_one()
        digits = self.currency_id.decimal_places if self.currency_id else 2
        salary = float_round(hours * self.hourly_cost, precision_digits=digits)
        charges = float_round(salary * self.charges_rate / 100.0, precision_digits=digits)
        expenses = float_round(expenses, precision_digits=digits)
        billed = float_round(hours * self.billed_hourly_rate, precision_digits=digits)
        return {
            "hours": hours,
            "salary": salary,
            "charges": charges,
            "expenses": expenses,
            "cost": float_round(salary + charges + expenses, precision_digits=digits),
            "amount": float_round(min(billed, salary + charges) + expenses, precision_digits=digits),
        }

    def _day_figures(self):
        """The value of each day worked under this loan: {hours line id: figures}.

        The one valuation of the days of a loan, used by the monthly statements and by the
        lending balance alike. Each day is valued as the difference between the loan's
        figures up to and including that day and up to the day before, in the order the days
        were worked: the cents of rounding never drift, and all the days add up to the
        loan's totals. Figures: salary, charges, expenses, amount (what is re-invoiced).
        """
        self.ensure_one()
        digits = self.currency_id.decimal_places if self.currency_id else 2
        figures = {}
        hours = expenses = 0.0
        previous = self._cost_figures(0.0, 0.0)
        for line in self.sudo().hours_line_ids.sorted(lambda line: (line.date, line.id)):
            hours += line.hours
            expenses += line.expenses
            current = self._cost_figures(hours, expenses)
            figures[line.id] = {
                key: float_round(current[key] - previous[key], precision_digits=digits)
                for key in ("salary", "charges", "expenses", "amount")
            }
            previous = current
        return figures

    def _statement_line_values(self, hours_lines):
        """The values of the statement lines of ``hours_lines`` (hours of this loan), valued day by day."""
        self.ensure_one()
        figures = self._day_figures()
        return [
            {
                "hours_line_id": line.id,
                "contract_id": self.id,
                "employee_id": self.employee_id.id,
                "date": line.date,
                "hours": line.hours,
                "hourly_cost": self.hourly_cost,
                "charges_rate": self.charges_rate,
                "billed_hourly_rate": self.billed_hourly_rate,
                "note": line.note,
                **figures[line.id],
            }
            for line in hours_lines.sorted(lambda line: (line.date, line.id))
        ]

    @api.depends("planned_hours", "billed_hourly_rate")
    def _compute_estimated_cost(self):
        for contract in self:
            contract.estimated_cost = float_round(
                contract.planned_hours * contract.billed_hourly_rate, precision_digits=2
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/loans/{contract.id}"
        return result

    # ------------------------------------------------------------------ constraints

    @api.constrains("charges_rate", "hourly_cost", "billed_hourly_rate")
    def _check_no_margin(self):
        """Non-profit (L8241-1): nothing above salary plus charges can be re-invoiced."""
        for contract in self:
            if not 0 <= contract.charges_rate <= 100:
                raise ValidationError(self.env._("The employer's charges must be between 0 and 100 % of the salary."))
            if float_compare(contract.billed_hourly_rate, contract._full_hourly_cost(), precision_digits=2) > 0:
                raise ValidationError(
                    self.env._(
                        "A staff loan between members is non-profit (Code du travail, L8241-1): the re-invoiced "
                        "hourly rate (%(rate).2f) cannot exceed the salary plus charges (%(cost).2f). "
                        "No margin or fee may be added.",
                        rate=contract.billed_hourly_rate,
                        cost=contract._full_hourly_cost(),
                    )
                )

    @api.constrains("employee_id", "lender_id", "borrower_id")
    def _check_employee(self):
        for contract in self:
            employee = contract.sudo().employee_id
            # Named only to whoever reads the profile: the message must not tell a manager who
            # a person of another member is.
            readable = self.env(su=False)["reserve.person"].browse(employee.id).has_access("read")
            name = employee.name if readable else self.env._("This person")
            if employee.category != "lent_employee":
                raise ValidationError(
                    self.env._(
                        "%(person)s is not an employee of a member willing to be lent: only such a person can be lent.",
                        person=name,
                    )
                )
            if employee.employer_id != contract.lender_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s is employed by %(employer)s, not by %(lender)s: the lender must be the "
                        "employee's employer.",
                        person=name,
                        employer=employee.employer_id.name or "-",
                        lender=contract.lender_id.name,
                    )
                )

    @api.constrains("framework_id", "lender_id", "borrower_id", "date_start", "date_end")
    def _check_framework(self):
        for contract in self.filtered("framework_id"):
            framework = contract.framework_id
            if (framework.lender_id, framework.borrower_id) != (contract.lender_id, contract.borrower_id):
                raise ValidationError(
                    self.env._("The framework agreement %(ref)s is between other members.", ref=framework.name)
                )
            if contract.date_start < framework.date_start or (
                framework.date_end and contract.date_end > framework.date_end
            ):
                raise ValidationError(
                    self.env._("The loan's dates fall outside the framework agreement %(ref)s.", ref=framework.name)
                )

    # ------------------------------------------------------------------ CRUD

    def write(self, vals):
        self._ensure_no_protected_write(vals)
        if TERMS_FIELDS & set(vals):
            locked = self.filtered(lambda c: c.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "The terms of %(loans)s were sent to the employee: set the loan back to draft to change "
                        "them (the signatures are then asked again).",
                        loans=", ".join(locked.mapped("name")),
                    )
                )
            # Other terms, another document: a link sent for the former terms signs nothing.
            self.filtered("employee_token_expiry")._clear_employee_token()
        return super().write(vals)

    def _ensure_no_protected_write(self, vals):
        result = super()._ensure_no_protected_write(vals)
        if not self.env.su and WORKFLOW_FIELDS & set(vals):
            raise AccessError(self.env._("The signing link and the consent dates change only through their buttons."))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda c: c.state not in ("draft", "cancelled")):
            raise UserError(self.env._("Only a draft or cancelled loan can be deleted."))

    # ------------------------------------------------------------------ roles

    def _party_roles(self, user=None):
        """What ``user`` is in this loan: 'employee', 'lender', 'borrower' (several possible)."""
        self.ensure_one()
        user = user or self.env.user
        roles = self._employer_party_of(user)
        if self.sudo().employee_id.user_id == user:
            roles.append("employee")
        return roles

    def _needs_employer_signatures(self):
        """Under a signed framework agreement the employers signed once for all its annexes."""
        self.ensure_one()
        framework = self.sudo().framework_id
        return not (framework and framework.state == "signed")

    @api.model
    def _party_domain(self, user):
        """The loans ``user`` is party to and that were sent for signature: the employee's once
        asked (never their drafts), the lending and borrowing members' managers'."""
        return [
            ("state", "!=", "draft"),
            "|",
            "|",
            "&",
            ("employee_id.user_id", "=", user.id),
            ("consent_sent_on", "!=", False),
            ("lender_id.member_manager_ids", "in", [user.id]),
            ("borrower_id.member_manager_ids", "in", [user.id]),
        ]

    def _is_asked(self):
        """Whether the employee was asked: from then on they read the loan (never its drafts)."""
        self.ensure_one()
        return self.state != "draft" and bool(self.consent_sent_on)

    def _signatures_due(self, user=None, employee_link=False):
        """The signatures ``user`` may give now, in the signing order: 'employee', 'lender', 'borrower'.

        The employee signs first (signed in, or as a visitor holding their valid link when
        ``employee_link``), then a manager of each member that has not signed yet, unless a
        signed framework agreement covers the loan.
        """
        self.ensure_one()
        user = user or self.env.user
        contract = self.sudo()
        roles = [] if user._is_public() else contract._party_roles(user)
        due = []
        if contract.state == "consent" and ("employee" in roles or (employee_link and user._is_public())):
            due.append("employee")
        if contract.state == "employee_signed" and contract._needs_employer_signatures():
            missing = contract._employer_signature_missing()
            due += [party for party in EMPLOYER_PARTIES if party in roles and party in missing]
        return due

    def _get_signing_refusal(self, role, user=None, employee_link=False):
        """Why ``user`` cannot give the ``role`` signature now: a sentence for the signature form,
        False when the signature is due (``_signatures_due``)."""
        self.ensure_one()
        user = user or self.env.user
        if role in self._signatures_due(user, employee_link):
            return False
        contract = self.sudo()
        roles = [] if user._is_public() else contract._party_roles(user)
        if role == "employee":
            if "employee" not in roles and not (employee_link and user._is_public()):
                return self.env._("Only the employee signs the amendment to their work contract.")
            return self.env._("This loan is not awaiting your consent.")
        member = contract[f"{role}_id"]
        if role not in roles:
            if user._is_public():
                return self.env._("Sign in as a manager of %(member)s to sign for it.", member=member.name)
            return self.env._("Only a manager of %(member)s may sign for it.", member=member.name)
        if contract.state in ("draft", "consent"):
            return self.env._("The employee signs first: the employers sign once the employee has consented.")
        if not contract._needs_employer_signatures():
            return self.env._("The framework agreement already signed covers this loan.")
        if contract[f"{role}_signed_on"]:
            return self.env._("%(member)s has already signed.", member=member.name)
        return self.env._("This loan is not awaiting the employers' signatures.")

    # ------------------------------------------------------------------ workflow

    def _ensure_ready_for_consent(self):
        for contract in self:
            missing = [
                label
                for fname, label in (
                    ("hourly_cost", self.env._("the gross hourly salary")),
                    ("place", self.env._("the place of work")),
                    ("work_description", self.env._("the work entrusted")),
                    ("working_hours", self.env._("the working hours")),
                )
                if not contract[fname]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Before asking %(person)s, fill in %(missing)s.",
                        person=contract.employee_id.name,
                        missing=", ".join(missing),
                    )
                )
            if contract.employee_id.sudo().employer_agreement != "agreed":
                raise UserError(
                    self.env._(
                        "%(employer)s has not agreed that %(person)s be lent: a manager of the establishment agrees "
                        "first on the person's profile.",
                        employer=contract.lender_id.name,
                        person=contract.employee_id.name,
                    )
                )
            if not contract.employee_id.sudo().email:
                raise UserError(
                    self.env._("%(person)s has no e-mail address to be asked.", person=contract.employee_id.name)
                )
            if contract.framework_id and contract.framework_id.state in ("ended", "cancelled"):
                raise UserError(self.env._("The framework agreement %(ref)s is over.", ref=contract.framework_id.name))

    def action_send_for_consent(self):
        """Draft → sent for consent: the employee is asked to sign the amendment.

        The lender asks its own employee: a manager of the lending member or a coordinator.
        """
        self._ensure_acting_manager(["lender"])
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only a draft loan can be sent to the employee."))
        self._ensure_ready_for_consent()
        self._set_state({"state": "consent", "consent_sent_on": fields.Datetime.now()})
        self._issue_employee_token()
        self._send_employee_link("reserve_loan.mail_template_loan_consent")
        return True

    def action_send_signing_link(self):
        """E-mail the employee a new link to read and sign; the link sent before stops working."""
        self._ensure_acting_manager(["lender"])
        if self.filtered(lambda c: c.state != "consent"):
            raise UserError(self.env._("Only a loan awaiting the employee's consent has a signing link to send."))
        self.check_access("write")
        self._issue_employee_token()
        self._send_employee_link("reserve_loan.mail_template_loan_consent")
        return True

    def _sign_as_employee(self, name, signature, ip_address=None, access_token=None):
        """The employee consents and signs the amendment to their work contract.

        Private (never over RPC). Signed in, the current user must be the employee;
        ``access_token``, when given, must be the employee's valid link (a visitor
        without an account, the caller running as superuser).
        """
        self.ensure_one()
        self._ensure_employee_acting(access_token)
        if self.state != "consent":
            raise UserError(self.env._("This loan is not awaiting your consent."))
        values = self._signature_values("employee", name, signature, ip_address)
        self.sudo().write(dict(values, state="employee_signed"))
        self.sudo().message_post(
            body=self.env._("The employee consented and signed as %(name)s.", name=values["employee_signed_by"])
        )
        if self._needs_employer_signatures():
            self.sudo()._send_template(
                "reserve_loan.mail_template_loan_employer_to_sign", lambda c: c._missing_employer_partners()
            )
        else:
            self.sudo()._on_employers_signed()

    def _refuse_as_employee(self, reason, access_token=None):
        """The employee refuses: the loan is cancelled and both employers are told.

        Private (never over RPC); the same checks of the employee as ``_sign_as_employee``.
        """
        self.ensure_one()
        self._ensure_employee_acting(access_token)
        if self.state != "consent":
            raise UserError(self.env._("This loan is not awaiting your consent."))
        self.sudo().write({"state": "cancelled", "refusal_reason": (reason or "").strip() or False})
        self.sudo().message_post(
            body=self.env._("The employee refused the loan."),
            partner_ids=(self.sudo().lender_id | self.sudo().borrower_id).member_manager_ids.partner_id.ids,
        )

    def _sign_as_employer(self, party, name, signature, ip_address=None):
        """A manager of the lender or the borrower signs the convention of this loan.

        Private (never over RPC): called as the signed-in manager, whom the signature
        checks against ``party``.
        """
        self.ensure_one()
        if self.state != "employee_signed":
            raise UserError(self.env._("This loan is not awaiting the employers' signatures."))
        if not self._needs_employer_signatures():
            raise UserError(self.env._("The framework agreement already signed covers this loan."))
        self._write_employer_signature(party, name, signature, ip_address)
        self.sudo().message_post(
            body=self.env._(
                "Signed for %(member)s by %(name)s.", member=self[f"{party}_id"].name, name=self[f"{party}_signed_by"]
            )
        )
        if not self._employer_signature_missing():
            self.sudo()._on_employers_signed()

    def _on_employers_signed(self):
        self._set_state({"state": "signed"})
        self._start_if_due()
        self.assignment_ids._sync_loan_hours()
        self._send_template(
            "reserve_loan.mail_template_loan_signed",
            lambda c: c._employee_partners() | (c.lender_id | c.borrower_id).member_manager_ids.partner_id,
        )
        # The signed documents are printed out of the signing request (wkhtmltopdf takes a few
        # seconds, and a printing failure must never lose a signature), then kept on the loan.
        self.sudo().write({"documents_pending": True})
        self.env.ref("reserve_loan.ir_cron_loan_documents").sudo()._trigger()

    @api.model
    def _cron_attach_documents(self, batch_size=20):
        """Print and attach the documents of the loans signed since the last run."""
        pending = [("documents_pending", "=", True)]
        loans = self.search(pending, order="id", limit=batch_size)
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        if in_cron:
            self.env["ir.cron"]._commit_progress(remaining=self.search_count(pending))
        for loan in loans:
            try:
                with self.env.cr.savepoint():
                    loan._attach_documents()
                    loan.sudo().write({"documents_pending": False})
            except (UserError, OSError):
                _logger.exception("Staff loan %s: the signed documents could not be printed, retried later.", loan.name)
            if in_cron:
                self.env["ir.cron"]._commit_progress(1)
        return loans

    def _attach_documents(self):
        """Render the signed convention (or annex) and amendment as PDF and keep them on the loan."""
        reports = self.env["ir.actions.report"].sudo()
        for contract in self.sudo():
            for xmlid, label in (
                ("reserve_loan.action_report_loan_convention", self.env._("Convention")),
                ("reserve_loan.action_report_loan_avenant", self.env._("Amendment")),
            ):
                content, kind = reports._render_qweb_pdf(xmlid, contract.ids)
                # Odoo renders HTML instead of PDF in test mode (unless force_report_rendering).
                extension, mimetype = ("pdf", "application/pdf") if kind == "pdf" else ("html", "text/html")
                contract.env["ir.attachment"].create(
                    {
                        "name": f"{label} {contract.name.replace('/', '-')} - {contract.employee_id.name}.{extension}",
                        "type": "binary",
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": contract._name,
                        "res_id": contract.id,
                    }
                )

    def _start_if_due(self):
        today = fields.Date.context_today(self)
        self.filtered(lambda c: c.state == "signed" and c.date_start <= today)._set_state({"state": "running"})

    def action_end(self):
        self._ensure_acting_manager()
        if self.filtered(lambda c: c.state not in ("signed", "running")):
            raise UserError(self.env._("Only a signed or running loan can be ended."))
        self._set_state({"state": "ended"})

    def action_cancel(self):
        self._ensure_acting_manager()
        if self.filtered(lambda c: c.state in ("ended", "cancelled")):
            raise UserError(self.env._("This loan is already over."))
        if self.filtered(lambda c: c.hours_line_ids):
            raise UserError(self.env._("Hours were done under this loan: end it instead of cancelling it."))
        self._set_state({"state": "cancelled"})

    def action_draft(self):
        """Back to draft to change the terms: every signature is asked again, and the
        employee's link stops working (a new one is sent with the next request)."""
        self._ensure_acting_manager()
        if self.filtered(lambda c: c.state not in ("consent", "employee_signed", "cancelled")):
            raise UserError(self.env._("A loan signed by both employers cannot go back to draft: end it instead."))
        self.check_access("write")
        self._clear_employer_signatures()
        self._clear_employee_token()
        self.sudo().write(
            {
                "state": "draft",
                "employee_signature": False,
                "employee_signed_by": False,
                "employee_signed_on": False,
                "employee_signed_ip": False,
                "refusal_reason": False,
            }
        )

    # ------------------------------------------------------------------ mails

    def _employee_partners(self):
        return self.sudo().employee_id.partner_id

    def _missing_employer_partners(self):
        contract = self.sudo()
        return contract.env["res.partner"].union(
            *(contract[f"{party}_id"].member_manager_ids.partner_id for party in contract._employer_signature_missing())
        )

    def _send_template(self, xmlid, recipients):
        """Post ``xmlid`` on each loan to ``recipients(contract)``: queued, sent by the mail cron."""
        template = self.env.ref(xmlid)
        for contract in self.sudo():
            partners = recipients(contract)
            if partners:
                contract.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", partner_ids=partners.ids, force_send=False
                )

    def _send_employee_link(self, xmlid):
        """E-mail ``xmlid`` with the employee's signing link to the employee only: queued.

        Never posted in the loan's thread, which the employers read. The message is made by
        the superuser, authored by the company, and a 'user_notification' is read through no
        document: nobody but the administrator reads the link afterwards. The loan keeps a
        note without the link.
        """
        template = self.env.ref(xmlid)
        # The sender's address, as the loan's other e-mails (rendered below as superuser).
        email_from = self.env.user.company_id.email_formatted or self.env.user.email_formatted
        for contract in self.sudo():
            employee = contract._employee_partners()
            if not employee:
                continue
            url = contract._employee_signing_url()
            email_values = {
                "recipient_ids": [Command.set(employee.ids)],
                "message_type": "user_notification",
                "author_id": contract.company_id.partner_id.id,
            }
            if email_from:
                email_values["email_from"] = email_from
            expiry = contract._employee_link_expiry_date()
            template.with_user(SUPERUSER_ID).with_context(
                reserve_loan_signing_url=url, reserve_loan_signing_expiry=expiry
            ).send_mail(contract.id, force_send=False, email_values=email_values)
            contract.message_post(
                body=self.env._(
                    "%(person)s was sent by e-mail a link to read and sign the loan, valid until %(date)s.",
                    person=contract.employee_id.name,
                    date=format_date(self.env, expiry),
                )
            )

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_update_states(self):
        """Start signed loans whose first day came, end those whose last day passed."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "signed"), ("date_start", "<=", today)])._start_if_due()
        ended = self.search([("state", "in", ("signed", "running")), ("date_end", "<", today)])
        ended._set_state({"state": "ended"})
        for contract in ended:
            contract.message_post(body=self.env._("The loan ended on %(date)s.", date=contract.date_end))
        self.env["reserve.loan.framework"]._cron_end_frameworks()
        return ended

    @api.model
    def _cron_remind_signatures(self):
        """Remind whoever has not signed, every few days (settings), while the loan is not over."""
        try:
            delay_days = max(1, int(self.env["ir.config_parameter"].sudo().get_param(REMINDER_DAYS_PARAM, 2)))
        except ValueError:
            delay_days = 2
        limit = fields.Datetime.now() - timedelta(days=delay_days)
        today = fields.Date.context_today(self)
        waiting = self.search(
            [
                ("state", "in", ("consent", "employee_signed")),
                ("date_end", ">=", today),
            ]
        ).filtered(lambda c: (c.last_reminder_on or c.consent_sent_on or c.create_date) < limit)
        for contract in waiting:
            if contract.state == "consent":
                # With the employee's link: still the same one, or a new one if it has expired.
                contract._send_employee_link("reserve_loan.mail_template_loan_signature_reminder")
            elif contract._needs_employer_signatures():
                contract._send_template(
                    "reserve_loan.mail_template_loan_signature_reminder",
                    lambda c: c._missing_employer_partners(),
                )
        waiting.sudo().write({"last_reminder_on": fields.Datetime.now()})
        return waiting

    # ------------------------------------------------------------------ portal

    def action_preview_portal(self):
        self.ensure_one()
        # The page itself, never the employee's signing token: a manager previews it logged in.
        return {"type": "ir.actions.act_url", "target": "self", "url": self.access_url}

    def _ensure_party_access(self, roles=None):
        """Raise unless the current user is a party to the loan (with one of ``roles``)."""
        self.ensure_one()
        mine = self._party_roles()
        if not mine or (roles and not set(roles) & set(mine)):
            raise AccessError(self.env._("You are not a party to this loan."))
        return mine

    def _ensure_employee_acting(self, access_token=None):
        """Raise unless the employee acts: the employee's valid link when ``access_token`` is
        given, else the signed-in employee (superuser code is trusted)."""
        self.ensure_one()
        if access_token is not None:
            if self._employee_token_state(access_token) != "valid":
                raise AccessError(
                    self.env._("This link does not let you sign: open the latest e-mail about this loan.")
                )
        elif not self.env.su:
            self._ensure_party_access(["employee"])

    # ------------------------------------------------------------------ the employee's signing link

    def _employee_link_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(SIGNING_LINK_DAYS_PARAM)
        try:
            return max(1, int(value)) if value else DEFAULT_SIGNING_LINK_DAYS
        except ValueError:
            return DEFAULT_SIGNING_LINK_DAYS

    def _employee_token_signature(self, nonce):
        """What makes a token ours: the HMAC of the loan and the token's random part."""
        self.ensure_one()
        return hmac(self.env(su=True), EMPLOYEE_TOKEN_SCOPE, (self.id, nonce))

    def _issue_employee_token(self):
        """A new link for the employee, valid for the configured days; the previous one stops working.

        :return: the token of the last loan of ``self``
        """
        expiry = fields.Datetime.now() + timedelta(days=self._employee_link_days())
        token = False
        for contract in self.sudo():
            nonce = secrets.token_hex(16)
            token = f"{nonce}-{contract._employee_token_signature(nonce)}"
            contract.write({"employee_token": token, "employee_token_expiry": expiry})
        return token

    def _clear_employee_token(self):
        if self:
            self.sudo().write({"employee_token": False, "employee_token_expiry": False})

    def _ensure_employee_token(self):
        """The employee's valid token: the current one, or a new one if there is none or it expired."""
        self.ensure_one()
        contract = self.sudo()
        if contract.employee_token and contract._employee_token_state(contract.employee_token) == "valid":
            return contract.employee_token
        return contract._issue_employee_token()

    def _employee_signing_url(self):
        """The absolute URL of the loan with the employee's token: for the e-mail to the employee only."""
        self.ensure_one()
        return f"{self.get_base_url()}{self._employee_signing_path()}"

    def _employee_signing_path(self):
        self.ensure_one()
        return f"{self.access_url}?access_token={self._ensure_employee_token()}"

    def _employee_token_state(self, token):
        """What ``token`` is for this loan's employee.

        'valid': the current link, not expired; 'expired': the current link, too old;
        'renewed': a former link of this loan (a newer one was sent, or the loan went
        back to draft); 'shared': the portal's share token, which the e-mails carried before
        each signer had their own, and which the employers read too (so it renews nothing);
        'invalid': anything else (another loan's, made up).
        """
        self.ensure_one()
        contract = self.sudo()
        token = token if isinstance(token, str) else ""
        if not token:
            return "invalid"
        if contract.employee_token and consteq(contract.employee_token, token):
            expiry = contract.employee_token_expiry
            return "valid" if expiry and expiry > fields.Datetime.now() else "expired"
        nonce, sep, signature = token.partition("-")
        if sep and nonce and consteq(contract._employee_token_signature(nonce), signature):
            return "renewed"
        # The e-mails sent before signing links carried the portal's share token.
        if contract.access_token and consteq(contract.access_token, token):
            return "shared"
        return "invalid"

    def _employee_link_expiry_date(self):
        """The last day of the employee's link, in the reserve's time zone (False without a link)."""
        self.ensure_one()
        expiry = self.employee_token_expiry
        return expiry and to_local(expiry).date()

    def _employee_link_renewable(self):
        """Whether the employee may ask a new link: the consent is awaited and no valid link is out."""
        self.ensure_one()
        contract = self.sudo()
        return contract.state == "consent" and contract._employee_token_state(contract.employee_token) != "valid"

    def _renew_employee_link(self, access_token):
        """The employee asks a new link with an expired or former one: e-mailed to their address.

        Only while the loan awaits their consent, and only when no valid link is out (a newer
        valid link was already sent: they open that one), so nobody floods the employee.

        :return: True if a new link was sent
        """
        self.ensure_one()
        contract = self.sudo()
        if contract._employee_token_state(access_token) not in ("expired", "renewed"):
            return False
        if not contract._employee_link_renewable():
            return False
        contract._issue_employee_token()
        contract._send_employee_link("reserve_loan.mail_template_loan_consent")
        return True
