import io
import re
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import LoanCommon

try:
    import openpyxl
except ImportError:  # pragma: no cover - openpyxl is in the dev requirements, zipfile reads it anyway
    openpyxl = None

MARCH = date(2025, 3, 1)
LEGAL = "Refacturation à prix coûtant – mise à disposition à but non lucratif, art. L8241-1 du Code du travail"


def read_xlsx(content):
    """The cells of the first sheet as {(row, col): value} (1-based), and the formulas by cell."""
    if openpyxl:
        values = openpyxl.load_workbook(io.BytesIO(content), data_only=True).worksheets[0]
        formulas = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        cells = {(c.row, c.column): c.value for row in values.iter_rows() for c in row if c.value is not None}
        found = {
            (c.row, c.column): c.value
            for row in formulas.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith("=")
        }
        return cells, found
    # Without openpyxl: the sheet XML, numbers and formulas with their written values.
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode())
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    cells, found = {}, {}
    for ref, kind, body in re.findall(r'<c r="([A-Z]+\d+)"[^>]*?(?: t="(\w+)")?[^>]*?>(.*?)</c>', sheet):
        letters, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
        col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))
        value = re.search(r"<v>([^<]*)</v>", body)
        formula = re.search(r"<f>([^<]*)</f>", body)
        if formula:
            found[(int(row), col)] = "=" + formula.group(1)
        if value:
            cells[(int(row), col)] = shared[int(value.group(1))] if kind == "s" else float(value.group(1))
    return cells, found


@tagged("post_install", "-at_install")
class TestLoanStatement(LoanCommon):
    """The monthly statement: at cost, from the hours done, by the loan's own rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Statement = cls.env["reserve.loan.statement"]

    def _loan_with_hours(self, hours, **values):
        """A signed loan in early 2025 with ``hours``: [(date, hours, expenses)]."""
        values = {"date_start": date(2025, 2, 1), "date_end": date(2025, 4, 30), **values}
        loan = self._sign_all(self._create_loan(**values))
        self.env["reserve.loan.hours"].create(
            [{"contract_id": loan.id, "date": day, "hours": h, "expenses": e} for day, h, e in hours]
        )
        return loan

    def _march_statement(self, user=None):
        statements = self.Statement.with_user(user or self.coordinator)._generate(MARCH)
        self.assertEqual(len(statements), 1)
        return statements

    def test_lines_and_totals_equal_the_loans_computation(self):
        full = self._loan_with_hours(
            [(date(2025, 3, 3), 7.5, 12.40), (date(2025, 3, 4), 7.5, 0.0), (date(2025, 3, 5), 10.0, 8.0)],
            date_end=date(2025, 3, 15),
        )
        lowered = self._loan_with_hours(
            [(date(2025, 3, 17), 7.0, 5.10), (date(2025, 3, 18), 7.33, 0.0)],
            date_start=date(2025, 3, 16),
            billed_hourly_rate=15.0,
        )
        statement = self._march_statement()
        self.assertEqual((statement.lender_id, statement.borrower_id), (self.lender, self.borrower))
        self.assertEqual((statement.date_from, statement.date_to), (MARCH, date(2025, 3, 31)))
        self.assertEqual(statement.state, "draft")
        self.assertEqual(len(statement.line_ids), 5)
        loans = full | lowered
        self.assertAlmostEqual(statement.hours_total, 39.33)
        self.assertAlmostEqual(statement.salary_total, sum(loans.mapped("salary_cost")), places=2)
        self.assertAlmostEqual(statement.charges_total, sum(loans.mapped("charges_cost")), places=2)
        self.assertAlmostEqual(statement.expenses_total, 25.50, places=2)
        self.assertAlmostEqual(statement.cost_total, sum(loans.mapped("total_cost")), places=2)
        self.assertAlmostEqual(statement.amount_total, sum(loans.mapped("amount_to_invoice")), places=2)
        # The figures the loan tests check by hand: 25 h at 14.50 € and 42 %, 20.40 € of expenses.
        self.assertAlmostEqual(full.amount_to_invoice, 535.15, places=2)
        # The lowered rate: the lender bears the difference, the statement says so.
        self.assertAlmostEqual(lowered.amount_to_invoice, round(14.33 * 15.0, 2) + 5.10, places=2)
        self.assertAlmostEqual(statement.lender_share, lowered.total_cost - lowered.amount_to_invoice, places=2)
        self.assertGreater(statement.lender_share, 0)
        for field in ("salary", "charges", "expenses", "amount"):
            self.assertAlmostEqual(sum(statement.line_ids.mapped(field)), statement[f"{field}_total"], places=2)
        day = statement.line_ids.filtered(lambda line: line.date == date(2025, 3, 3))
        self.assertAlmostEqual(day.hours, 7.5)
        self.assertAlmostEqual(day.salary, 108.75)  # 7.5 × 14.50
        self.assertAlmostEqual(day.charges, 45.68)  # 108.75 × 42 %
        self.assertAlmostEqual(day.expenses, 12.40)
        self.assertEqual(day.employee_id, self.lent)
        self.assertEqual(day.contract_id, full)

    def test_months_add_up_to_the_loan_to_the_cent(self):
        """Rounding each day would drift by cents; the days are valued so that months add up."""
        loan = self._loan_with_hours(
            [
                (date(2025, 2, 26), 7.33, 3.33),
                (date(2025, 2, 27), 6.67, 0.0),
                (date(2025, 3, 3), 7.33, 1.11),
                (date(2025, 3, 4), 3.17, 0.0),
            ],
            hourly_cost=14.57,
            charges_rate=43.3,
        )
        february = self.Statement._generate(date(2025, 2, 14))
        march = self.Statement._generate(MARCH)
        self.assertEqual(february.date_from, date(2025, 2, 1), "any day of the month gives the month")
        both = february | march
        self.assertAlmostEqual(sum(both.mapped("amount_total")), loan.amount_to_invoice, places=2)
        self.assertAlmostEqual(sum(both.mapped("salary_total")), loan.salary_cost, places=2)
        self.assertAlmostEqual(sum(both.mapped("charges_total")), loan.charges_cost, places=2)
        self.assertAlmostEqual(sum(both.mapped("expenses_total")), loan.expenses_cost, places=2)

    def test_generating_again_refreshes_a_draft_only(self):
        loan = self._loan_with_hours([(date(2025, 3, 3), 7.5, 12.40), (date(2025, 3, 4), 7.5, 0.0)])
        statement = self._march_statement()
        lines, total = statement.line_ids, statement.amount_total
        self.assertEqual(self._march_statement(), statement, "generating again makes no second statement")
        self.assertEqual(len(statement.line_ids), 2)
        self.assertAlmostEqual(statement.amount_total, total)
        self.assertEqual(self.Statement.search_count([("date_from", "=", MARCH)]), 1)

        self.env["reserve.loan.hours"].create({"contract_id": loan.id, "date": date(2025, 3, 5), "hours": 4.0})
        self.assertEqual(self._march_statement(), statement)
        self.assertEqual(len(statement.line_ids), 3)
        self.assertFalse(lines.exists(), "a draft's lines are made again from the hours")
        self.assertAlmostEqual(statement.amount_total, loan.amount_to_invoice, places=2)

    def test_sent_statement_is_kept(self):
        loan = self._loan_with_hours([(date(2025, 3, 3), 7.5, 12.40)])
        statement = self._march_statement(self.lender_manager)
        with self.assertRaises(AccessError):
            statement.with_user(self.borrower_manager).action_send()
        statement.with_user(self.lender_manager).action_send()
        self.assertEqual(statement.state, "sent")
        self.assertTrue(statement.sent_on)
        message = statement.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(self.borrower_manager.partner_id, message.partner_ids)
        self.assertEqual(
            sorted(message.attachment_ids.mapped("mimetype")),
            ["application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        )
        total = statement.amount_total

        self.env["reserve.loan.hours"].create({"contract_id": loan.id, "date": date(2025, 3, 10), "hours": 6.0})
        self.assertEqual(self._march_statement(), statement)
        self.assertEqual(len(statement.line_ids), 1, "a sent statement is kept as it was sent")
        self.assertAlmostEqual(statement.amount_total, total)
        with self.assertRaises(UserError) as caught:
            statement.with_user(self.lender_manager).action_send()
        self.assertIn("already sent", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            statement.with_user(self.coordinator).unlink()
        self.assertIn("is kept", str(caught.exception))
        with self.assertRaises(AccessError):
            statement.with_user(self.lender_manager).action_draft()
        sent_files = message.attachment_ids
        statement.with_user(self.coordinator).action_draft()
        self._march_statement()
        self.assertEqual(len(statement.line_ids), 2, "taken back to draft, it follows the hours again")
        self.assertEqual(message.attachment_ids, sent_files, "the files sent stay with the message")
        self.assertTrue(sent_files.exists())

    def test_no_amount_can_be_typed(self):
        """Nothing lets a user add a margin or a fee: the figures come from the hours only."""
        self._loan_with_hours([(date(2025, 3, 3), 7.5, 0.0)])
        statement = self._march_statement()
        line = statement.line_ids
        with self.assertRaises(AccessError):
            statement.with_user(self.coordinator).write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "contract_id": line.contract_id.id,
                                "employee_id": self.lent.id,
                                "date": MARCH,
                                "amount": 100.0,
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(AccessError):
            line.with_user(self.coordinator).write({"amount": line.amount + 100})
        with self.assertRaises(AccessError):
            self.Statement.with_user(self.coordinator).create(
                {"lender_id": self.lender.id, "borrower_id": self.third_member.id, "date_from": MARCH}
            )
        with self.assertRaises(AccessError):
            statement.with_user(self.lender_manager).write({"amount_total": 1.0})
        fields = set(self.Statement._fields) | set(self.env["reserve.loan.statement.line"]._fields)
        self.assertFalse({name for name in fields if "margin" in name or "fee" in name})

    def test_pdf_renders_with_the_names(self):
        self._loan_with_hours([(date(2025, 3, 3), 7.5, 12.40), (date(2025, 3, 4), 7.0, 0.0)])
        statement = self._march_statement()
        reports = self.env["ir.actions.report"].with_user(self.borrower_manager)
        html, _kind = reports._render_qweb_html("reserve_loan.action_report_loan_statement", statement.ids)
        html = html.decode()
        for text in (self.lender.name, self.borrower.name, self.lent.name, statement.name, LEGAL):
            self.assertIn(text, html)
        self.assertEqual(html.count("Camille Prêtée"), 2, "one line per day worked")
        # wkhtmltopdf fetches the styles from the test server: let it reach the test's cursor.
        with self.allow_pdf_render():
            pdf, kind = reports.with_context(force_report_rendering=True)._render_qweb_pdf(
                "reserve_loan.action_report_loan_statement", statement.ids
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with self.assertRaises(AccessError):
            reports.with_user(self.third_manager)._render_qweb_html(
                "reserve_loan.action_report_loan_statement", statement.ids
            )

    def test_xlsx_opens_and_sums_right(self):
        self._loan_with_hours(
            [(date(2025, 3, 3), 7.5, 12.40), (date(2025, 3, 4), 7.33, 0.0), (date(2025, 3, 5), 10.0, 8.0)],
            billed_hourly_rate=19.0,
        )
        statement = self._march_statement()
        action = statement.with_user(self.borrower_manager).action_download_xlsx()
        self.assertEqual(action["url"], f"/reserve/loan/statement/{statement.id}/xlsx")
        attachment = statement._attach_xlsx()
        self.assertEqual(statement.xlsx_attachment_id, attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), (statement._name, statement.id))
        cells, formulas = read_xlsx(attachment.raw)
        texts = [value for value in cells.values() if isinstance(value, str)]
        self.assertTrue(any(self.lender.name in text for text in texts))
        self.assertTrue(any(self.borrower.name in text for text in texts))
        self.assertIn(self.lent.name, texts)
        header = next(row for (row, col), value in cells.items() if col == 4 and value == "Hours")
        total = next(row for (row, col), value in cells.items() if col == 1 and value == "Total")
        lines = range(header + 1, total)
        self.assertEqual(len(lines), 3)
        for col, stated in (
            (4, statement.hours_total),
            (6, statement.salary_total),
            (8, statement.charges_total),
            (9, statement.expenses_total),
            (11, statement.amount_total),
        ):
            self.assertTrue(all(isinstance(cells[(row, col)], (int, float)) for row in lines), "real numbers")
            self.assertAlmostEqual(sum(cells[(row, col)] for row in lines), stated, places=2)
            self.assertAlmostEqual(cells[(total, col)], stated, places=2)
            letter = "ABCDEFGHIJK"[col - 1]
            self.assertEqual(formulas[(total, col)], f"=SUM({letter}{header + 1}:{letter}{total - 1})")

    def test_member_managers_see_their_statements_only(self):
        self._loan_with_hours([(date(2025, 3, 3), 7.5, 0.0)])
        statement = self._march_statement(self.lender_manager)
        for user in (self.lender_manager, self.borrower_manager, self.coordinator):
            self.assertEqual(self.Statement.with_user(user).search([("date_from", "=", MARCH)]), statement)
            statement.with_user(user).line_ids.mapped("amount")
        self.assertFalse(self.Statement.with_user(self.third_manager).search([("date_from", "=", MARCH)]))
        with self.assertRaises(AccessError):
            statement.with_user(self.third_manager).read(["amount_total"])
        with self.assertRaises(AccessError):
            statement.line_ids.with_user(self.third_manager).read(["amount"])
        with self.assertRaises(AccessError):
            statement.with_user(self.authority).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.Statement.with_user(self.third_manager)._generate(MARCH, lenders=self.lender)
        with self.assertRaises(AccessError):
            statement.with_user(self.third_manager).action_download_xlsx()
        # The borrower's manager reads it, but a lender sends its own statements.
        self.assertFalse(self.Statement.with_user(self.borrower_manager)._generate(MARCH))

    def test_wizard_and_cron(self):
        self._loan_with_hours([(date(2025, 3, 3), 7.5, 0.0)])
        Wizard = self.env["reserve.loan.statement.generate"].with_user(self.lender_manager)
        wizard = Wizard.create({"month": "3", "year": 2025})
        self.assertEqual(wizard.allowed_lender_ids, self.lender)
        action = wizard.action_generate()
        statement = self.Statement.search([("date_from", "=", MARCH)])
        self.assertEqual(len(statement), 1)
        self.assertEqual(action["domain"], [("id", "in", statement.ids)])
        with self.assertRaises(UserError) as caught:
            Wizard.create({"month": "4", "year": 2025}).action_generate()
        self.assertIn("nothing to state", str(caught.exception))
        with self.assertRaises(AccessError):
            Wizard.create(
                {"month": "3", "year": 2025, "lender_ids": [Command.set(self.borrower.ids)]}
            ).action_generate()
        cron = self.env.ref("reserve_loan.ir_cron_loan_statements")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "months"))
        with freeze_time("2025-04-01 03:00:00"):
            generated = self.Statement._cron_generate_previous_month()
        self.assertEqual(generated, statement)


@tagged("post_install", "-at_install")
class TestLoanStatementDownload(HttpCase, LoanCommon):
    """The spreadsheet route: the parties download it, another member gets nothing."""

    def test_xlsx_route_checks_access(self):
        loan = self._sign_all(self._create_loan(date_start=date(2025, 3, 1), date_end=date(2025, 3, 31)))
        self.env["reserve.loan.hours"].create({"contract_id": loan.id, "date": date(2025, 3, 3), "hours": 7.5})
        statement = self.env["reserve.loan.statement"]._generate(MARCH)
        url = f"/reserve/loan/statement/{statement.id}/xlsx"
        self.authenticate("t_other_manager", "t_other_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "an xlsx is a zip")
        self.assertEqual(statement.xlsx_attachment_id.raw, response.content)
        self.authenticate("t_third_manager", "t_third_manager")
        self.assertEqual(self.url_open(url).status_code, 404)
