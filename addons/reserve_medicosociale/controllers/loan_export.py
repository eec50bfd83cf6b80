from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LoanExport(http.Controller):
    """Spreadsheets of the staff loans for the back office: a statement, the lending balance."""

    def _xlsx_response(self, content, filename):
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/reserve/loan/statement/<int:statement_id>/xlsx", type="http", auth="user", readonly=False)
    def statement_xlsx(self, statement_id):
        statement = request.env["reserve.loan.statement"].browse(statement_id)
        try:
            statement.check_access("read")
        except (AccessError, MissingError):
            raise request.not_found() from None
        # Read access was checked: the spreadsheet is kept on the statement as superuser.
        attachment = statement.sudo()._attach_xlsx()
        return self._xlsx_response(attachment.raw, attachment.name)

    @http.route("/reserve/loan/balance/<int:balance_id>/xlsx", type="http", auth="user", readonly=True)
    def balance_xlsx(self, balance_id):
        balance = request.env["reserve.loan.balance"].browse(balance_id)
        try:
            balance.check_access("read")
        except (AccessError, MissingError):
            raise request.not_found() from None
        return self._xlsx_response(balance._build_xlsx(), balance._xlsx_file_name())
