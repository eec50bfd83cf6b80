import io
from collections import defaultdict

import xlsxwriter
from dateutil.relativedelta import relativedelta
from xlsxwriter.utility import xl_col_to_name

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import date_utils, float_round
from odoo.tools.misc import format_date

COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
# Made from the hours done, never typed: only the generation (as superuser) writes them.
COMPUTED_FIELDS = {"lender_id", "borrower_id", "date_from", "date_to", "line_ids", "state", "sent_on"}
LEGAL_MENTION = "Refacturation à prix coûtant – mise à disposition à but non lucratif, art. L8241-1 du Code du travail"


def month_bounds(day):
    """First and last day of the month of ``day`` (a date or its string)."""
    return date_utils.get_month(fields.Date.to_date(day))


class ReserveLoanStatement(models.Model):
    """The monthly statement a lender sends a borrower for the staff it lent.

    One per lender, borrower and month with hours done: a line per day worked, copied
    from the hours of their loans, valued at cost (salary, charges, real expenses) by the
    loan's own rule. No margin or fee can be added (Code du travail, L8241-1). A draft is
    refreshed each time the month is generated again; once sent, it is kept as sent.
    """

    _name = "reserve.loan.statement"
    _description = "Monthly staff-loan statement"
    _inherit = ["mail.thread"]
    _order = "date_from desc, lender_id, borrower_id"
    # The managers of both members may comment a statement they can only read.
    _mail_post_access = "read"

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    lender_id = fields.Many2one(
        "res.partner", string="Lending member", required=True, readonly=True, index=True, ondelete="restrict"
    )
    borrower_id = fields.Many2one(
        "res.partner", string="Borrowing member", required=True, readonly=True, index=True, ondelete="restrict"
    )
    date_from = fields.Date(string="Month", required=True, readonly=True, index=True)
    date_to = fields.Date(string="Until", compute="_compute_date_to", store=True)
    month_label = fields.Char(string="Month of", compute="_compute_month_label")
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent")], default="draft", required=True, readonly=True, tracking=True
    )
    sent_on = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    line_ids = fields.One2many("reserve.loan.statement.line", "statement_id", string="Days worked", readonly=True)
    hours_total = fields.Float(compute="_compute_totals", store=True, string="Hours")
    salary_total = fields.Monetary(compute="_compute_totals", store=True, string="Salary")
    charges_total = fields.Monetary(compute="_compute_totals", store=True, string="Charges")
    expenses_total = fields.Monetary(compute="_compute_totals", store=True, string="Expenses")
    cost_total = fields.Monetary(compute="_compute_totals", store=True, string="Cost to the lender")
    amount_total = fields.Monetary(compute="_compute_totals", store=True, string="To re-invoice", tracking=True)
    lender_share = fields.Monetary(
        compute="_compute_totals",
        store=True,
        string="Borne by the lender",
        help="The part of the cost the lender does not re-invoice, when the loan's re-invoiced rate is lowered.",
    )
    xlsx_attachment_id = fields.Many2one("ir.attachment", string="Spreadsheet", readonly=True, copy=False)

    _month_unique = models.Constraint(
        "UNIQUE (lender_id, borrower_id, date_from)", "There is already a statement for these members and this month."
    )

    @api.depends("date_from")
    def _compute_date_to(self):
        for statement in self:
            statement.date_to = statement.date_from and month_bounds(statement.date_from)[1]

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for statement in self:
            statement.month_label = (
                format_date(self.env, statement.date_from, date_format="MMMM y") if statement.date_from else False
            )

    @api.depends("line_ids.hours", "line_ids.salary", "line_ids.charges", "line_ids.expenses", "line_ids.amount")
    def _compute_totals(self):
        for statement in self:
            lines = statement.line_ids
            digits = statement.currency_id.decimal_places or 2
            total = {
                key: float_round(sum(lines.mapped(key)), precision_digits=digits)
                for key in ("salary", "charges", "expenses", "amount")
            }
            statement.hours_total = sum(lines.mapped("hours"))
            statement.salary_total = total["salary"]
            statement.charges_total = total["charges"]
            statement.expenses_total = total["expenses"]
            statement.cost_total = float_round(
                total["salary"] + total["charges"] + total["expenses"], precision_digits=digits
            )
            statement.amount_total = total["amount"]
            statement.lender_share = float_round(statement.cost_total - total["amount"], precision_digits=digits)

    def _compute_display_name(self):
        for statement in self:
            statement.display_name = (
                f"{statement.name} - {statement.borrower_id.name or ''} ({statement.month_label or ''})"
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Statements are made from the hours done: generate the month's statements."))
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = month_bounds(vals["date_from"])[0]
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("reserve.loan.statement") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and COMPUTED_FIELDS & set(vals):
            raise AccessError(
                self.env._("A statement is made from the hours done: generate the month again to refresh a draft.")
            )
        if vals.get("date_from"):
            vals["date_from"] = month_bounds(vals["date_from"])[0]
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda s: s.state == "sent"):
            raise UserError(self.env._("A statement sent to the borrower is kept: it cannot be deleted."))

    # ------------------------------------------------------------------ access

    @api.model
    def _is_coordinator(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    @api.model
    def _managed_members(self):
        """The member establishments the current user manages."""
        return self.env["res.partner"].sudo().search([("member_manager_ids", "in", self.env.user.id)])

    def _ensure_lender_side(self):
        """Only a coordinator or a manager of the lending member generates and sends statements."""
        if self._is_coordinator():
            return
        self.check_access("read")
        foreign = self.sudo().lender_id - self._managed_members()
        if foreign:
            raise AccessError(
                self.env._(
                    "Only a manager of %(member)s or a coordinator may generate or send its statements.",
                    member=foreign[0].name,
                )
            )

    # ------------------------------------------------------------------ generation

    @api.model
    def _generate(self, day, lenders=None):
        """Create or refresh the statements of the month of ``day``, one per lender and borrower with hours.

        ``lenders``: only theirs (a member manager may generate only the members they
        manage; a coordinator all of them). Drafts are refreshed from the hours, drafts
        whose hours are gone are deleted, sent statements are kept as they are.
        Returns the statements of the month in that scope.
        """
        date_from, date_to = month_bounds(day)
        if not self._is_coordinator():
            managed = self._managed_members()
            if lenders is None:
                lenders = managed
            elif lenders - managed:
                raise AccessError(
                    self.env._(
                        "Only a manager of %(member)s or a coordinator may generate its statements.",
                        member=(lenders - managed)[0].name,
                    )
                )
        # The caller was checked above: the hours of every loan of these lenders are read and
        # the statements written as superuser, as nobody may type them.
        statements = self.sudo().browse()
        hours_domain = [("date", ">=", date_from), ("date", "<=", date_to)]
        scope_domain = [("date_from", "=", date_from)]
        if lenders is not None:
            hours_domain.append(("lender_id", "in", lenders.ids))
            scope_domain.append(("lender_id", "in", lenders.ids))
        groups = (
            self.env["reserve.loan.hours"]
            .sudo()
            ._read_group(hours_domain, ["lender_id", "borrower_id"], ["id:recordset"])
        )
        existing = {(s.lender_id, s.borrower_id): s for s in statements.search(scope_domain)}
        result = statements.browse()
        for lender, borrower, hours_lines in groups:
            statement = existing.pop((lender, borrower), None)
            if statement is None:
                statement = statements.create(
                    {"lender_id": lender.id, "borrower_id": borrower.id, "date_from": date_from}
                )
                statement.message_subscribe(partner_ids=lender.member_manager_ids.partner_id.ids)
            if statement.state == "draft":
                statement._refresh_lines(hours_lines)
            result |= statement
        # Drafts whose hours were all removed have nothing left to state.
        left = statements.union(*existing.values())
        left.filtered(lambda s: s.state == "draft").unlink()
        return (result | left.exists()).with_env(self.env)

    def _refresh_lines(self, hours_lines):
        """Replace the lines of this draft by the figures of ``hours_lines``, loan by loan."""
        self.ensure_one()
        by_contract = defaultdict(lambda: self.env["reserve.loan.hours"])
        for line in hours_lines:
            by_contract[line.contract_id] |= line
        commands = [fields.Command.clear()]
        for contract, lines in by_contract.items():
            commands += [fields.Command.create(values) for values in contract._statement_line_values(lines)]
        self.sudo().write({"line_ids": commands})
        # The spreadsheet no longer says the same; one that was sent stays with its message.
        spreadsheet = self.sudo().xlsx_attachment_id
        if spreadsheet:
            self.sudo().xlsx_attachment_id = False
            if not self.env["mail.message"].sudo().search_count([("attachment_ids", "in", spreadsheet.ids)], limit=1):
                spreadsheet.unlink()

    # ------------------------------------------------------------------ actions

    def action_open_generate(self):
        """The wizard that generates the statements of a month (the list's "Generate" button)."""
        return self.env["ir.actions.act_window"]._for_xml_id("reserve_loan.reserve_loan_statement_generate_action")

    def action_refresh(self):
        """Generate the statements of the month again for these pairs: drafts take the hours' changes."""
        self._ensure_lender_side()
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("A statement sent to the borrower is kept as it was sent."))
        for statement in self:
            self._generate(statement.date_from, lenders=statement.lender_id)
        return True

    def action_send(self):
        """Send the statements to the borrowers' managers with the PDF and the spreadsheet."""
        self._ensure_lender_side()
        template = self.env.ref("reserve_loan.mail_template_loan_statement")
        for statement in self:
            if statement.state != "draft":
                raise UserError(self.env._("%(ref)s was already sent.", ref=statement.name))
            if not statement.line_ids:
                raise UserError(self.env._("%(ref)s has no hours to state.", ref=statement.name))
            recipients = statement._recipients()
            if not recipients:
                raise UserError(
                    self.env._(
                        "%(member)s has neither a manager nor an e-mail address to send the statement to.",
                        member=statement.borrower_id.name,
                    )
                )
            # Checked above: the sender is on the lender's side; the files and the message are
            # written as superuser because a member manager only reads statements.
            sudo_statement = statement.sudo()
            attachments = sudo_statement._attach_pdf() | sudo_statement._attach_xlsx()
            rendered = {
                field: template._render_field(field, sudo_statement.ids, compute_lang=True)[sudo_statement.id]
                for field in ("subject", "body_html")
            }
            sudo_statement.message_post(
                subject=rendered["subject"],
                body=rendered["body_html"],
                author_id=self.env.user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=recipients.ids,
                attachment_ids=attachments.ids,
            )
            sudo_statement.write({"state": "sent", "sent_on": fields.Datetime.now()})
        return True

    def action_draft(self):
        """A coordinator takes a sent statement back to correct it (the borrower is told anew when resent)."""
        if not self._is_coordinator():
            raise AccessError(self.env._("Only a coordinator may take back a statement already sent."))
        self.sudo().write({"state": "draft", "sent_on": False})
        for statement in self:
            statement.sudo().message_post(body=self.env._("Taken back to draft by %(user)s.", user=self.env.user.name))
        return True

    def action_download_xlsx(self):
        """The statement as a spreadsheet; a sent statement keeps the one that was sent."""
        self.ensure_one()
        self.check_access("read")
        return {"type": "ir.actions.act_url", "url": f"/reserve/loan/statement/{self.id}/xlsx", "target": "download"}

    def action_print(self):
        self.ensure_one()
        return self.env.ref("reserve_loan.action_report_loan_statement").report_action(self)

    # ------------------------------------------------------------------ documents

    def _recipients(self):
        self.ensure_one()
        borrower = self.sudo().borrower_id
        partners = borrower.member_manager_ids.partner_id.filtered("email")
        return partners or borrower.filtered("email")

    def _file_name(self, extension):
        return f"{self.name.replace('/', '-')}.{extension}"

    def _attach_pdf(self):
        """Render the statement (one record per call: wkhtmltopdf here prints one document at a time)."""
        self.ensure_one()
        pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "reserve_loan.action_report_loan_statement", self.ids
        )
        # Named as the report's `attachment` expression: once sent, printing it again gives this very file.
        return self.env["ir.attachment"].create(
            {
                "name": self._file_name("pdf"),
                "type": "binary",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    def _attach_xlsx(self):
        """The spreadsheet kept on the statement: rebuilt for a draft, the one sent otherwise."""
        self.ensure_one()
        if self.state == "sent" and self.xlsx_attachment_id:
            return self.xlsx_attachment_id
        raw = self._build_xlsx()
        if self.xlsx_attachment_id:
            self.xlsx_attachment_id.write({"raw": raw, "name": self._file_name("xlsx")})
        else:
            self.xlsx_attachment_id = self.env["ir.attachment"].create(
                {
                    "name": self._file_name("xlsx"),
                    "type": "binary",
                    "raw": raw,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        return self.xlsx_attachment_id

    def _build_xlsx(self):
        """The statement as an .xlsx: the parties, a row per day with numbers, and totals that Excel
        computes (SUM formulas) with their values written too, for readers that do not compute."""
        self.ensure_one()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Statement")[:31])
        currency = self.currency_id
        digits = currency.decimal_places or 2
        money_format = "#,##0.{} {}".format("0" * digits, f'"{currency.symbol}"' if currency.symbol else "")
        title = book.add_format({"bold": True, "font_size": 14})
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        head = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
        date_fmt = book.add_format({"num_format": "dd/mm/yyyy", "border": 1})
        text_fmt = book.add_format({"border": 1})
        hours_fmt = book.add_format({"num_format": "0.00", "border": 1})
        rate_fmt = book.add_format({"num_format": "0.00", "border": 1})
        money_fmt = book.add_format({"num_format": money_format.strip(), "border": 1})
        total_label = book.add_format({"bold": True, "border": 1, "bg_color": "#E8EEF4"})
        total_hours = book.add_format({"bold": True, "num_format": "0.00", "border": 1, "bg_color": "#E8EEF4"})
        total_money = book.add_format(
            {"bold": True, "num_format": money_format.strip(), "border": 1, "bg_color": "#E8EEF4"}
        )

        def party(partner):
            address = ", ".join(
                part for part in (partner.street, f"{partner.zip or ''} {partner.city or ''}".strip()) if part
            )
            ids = " - ".join(
                part
                for part in (
                    partner.siret and f"SIRET {partner.siret}",
                    partner.finess_et and f"FINESS {partner.finess_et}",
                )
                if part
            )
            return "\n".join(part for part in (partner.name, address, ids) if part)

        sheet.write(0, 0, self.env._("Staff-loan statement %(ref)s", ref=self.name), title)
        sheet.write(1, 0, LEGAL_MENTION)
        sheet.write(3, 0, self.env._("Lending member"), bold)
        sheet.write(3, 1, party(self.lender_id), wrap)
        sheet.write(4, 0, self.env._("Borrowing member"), bold)
        sheet.write(4, 1, party(self.borrower_id), wrap)
        sheet.write(5, 0, self.env._("Month"), bold)
        sheet.write(5, 1, self.month_label)
        sheet.write(6, 0, self.env._("Period"), bold)
        sheet.write(6, 1, f"{format_date(self.env, self.date_from)} - {format_date(self.env, self.date_to)}")
        sheet.set_row(3, 45)
        sheet.set_row(4, 45)

        columns = [
            (self.env._("Date"), 12),
            (self.env._("Employee"), 24),
            (self.env._("Loan"), 16),
            (self.env._("Hours"), 9),
            (self.env._("Gross hourly salary"), 12),
            (self.env._("Salary"), 12),
            (self.env._("Charges (%)"), 10),
            (self.env._("Charges"), 12),
            (self.env._("Expenses"), 12),
            (self.env._("Re-invoiced hourly rate"), 12),
            (self.env._("Amount"), 13),
        ]
        header_row = 8
        for col, (label, width) in enumerate(columns):
            sheet.write(header_row, col, label, head)
            sheet.set_column(col, col, width)
        sheet.set_column(1, 1, 34)
        lines = self.line_ids.sorted(lambda line: (line.date, line.employee_id.name or "", line.id))
        row = header_row
        for row, line in enumerate(lines, start=header_row + 1):
            sheet.write_datetime(row, 0, fields.Datetime.to_datetime(line.date), date_fmt)
            sheet.write_string(row, 1, line.employee_id.name or "", text_fmt)
            sheet.write_string(row, 2, line.contract_id.name or "", text_fmt)
            sheet.write_number(row, 3, line.hours, hours_fmt)
            sheet.write_number(row, 4, line.hourly_cost, money_fmt)
            sheet.write_number(row, 5, line.salary, money_fmt)
            sheet.write_number(row, 6, line.charges_rate, rate_fmt)
            sheet.write_number(row, 7, line.charges, money_fmt)
            sheet.write_number(row, 8, line.expenses, money_fmt)
            sheet.write_number(row, 9, line.billed_hourly_rate, money_fmt)
            sheet.write_number(row, 10, line.amount, money_fmt)
        total_row = row + 1
        first, last = header_row + 2, total_row  # 1-based Excel rows of the first and last line
        sheet.write(total_row, 0, self.env._("Total"), total_label)
        for col in (1, 2, 4, 6, 9):
            sheet.write_blank(total_row, col, None, total_label)
        for col, value, fmt in (
            (3, self.hours_total, total_hours),
            (5, self.salary_total, total_money),
            (7, self.charges_total, total_money),
            (8, self.expenses_total, total_money),
            (10, self.amount_total, total_money),
        ):
            letter = xl_col_to_name(col)
            formula = f"=SUM({letter}{first}:{letter}{last})" if lines else "=0"
            sheet.write_formula(total_row, col, formula, fmt, value)
        if self.lender_share:
            sheet.write(total_row + 2, 0, self.env._("Cost to the lender"), bold)
            sheet.write_number(total_row + 2, 1, self.cost_total, money_fmt)
            sheet.write(total_row + 3, 0, self.env._("Borne by the lender"), bold)
            sheet.write_number(total_row + 3, 1, self.lender_share, money_fmt)
        sheet.freeze_panes(header_row + 1, 0)
        book.close()
        return output.getvalue()

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_generate_previous_month(self):
        """On the 1st, the statements of the month just ended, for every lender."""
        today = fields.Date.context_today(self)
        return self._generate(today - relativedelta(months=1))
