from odoo import http

from odoo.addons.reserve_medicosociale.tools.http_records import readable_or_404, xlsx_response


class LoanExport(http.Controller):
    """Spreadsheets of the staff loans for the back office: a statement, the lending balance."""

    @http.route("/reserve/loan/statement/<int:statement_id>/xlsx", type="http", auth="user", readonly=False)
    def statement_xlsx(self, statement_id):
        statement = readable_or_404("reserve.loan.statement", statement_id)
        # Read access was checked: the spreadsheet is kept on the statement as superuser.
        attachment = statement.sudo()._attach_xlsx()
        return xlsx_response(attachment.raw, attachment.name)

    @http.route("/reserve/loan/balance/<int:balance_id>/xlsx", type="http", auth="user", readonly=True)
    def balance_xlsx(self, balance_id):
        balance = readable_or_404("reserve.loan.balance", balance_id)
        return xlsx_response(balance._build_xlsx(), balance._xlsx_file_name())
