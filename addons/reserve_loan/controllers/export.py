from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LoanExport(http.Controller):
    """Spreadsheets of the staff loans for the back office: a statement, the lending balance."""

    @staticmethod
    def _readable_or_404(model, record_id):
        """The record if the user may read it; not found otherwise (never says it exists)."""
        record = request.env[model].browse(record_id)
        try:
            record.check_access("read")
        except (AccessError, MissingError):
            raise request.not_found() from None
        return record

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
        statement = self._readable_or_404("reserve.loan.statement", statement_id)
        # Read access was checked: the spreadsheet is kept on the statement as superuser.
        attachment = statement.sudo()._attach_xlsx()
        return self._xlsx_response(attachment.raw, attachment.name)

    @http.route("/reserve/loan/balance/<int:balance_id>/xlsx", type="http", auth="user", readonly=True)
    def balance_xlsx(self, balance_id):
        balance = self._readable_or_404("reserve.loan.balance", balance_id)
        return self._xlsx_response(balance._build_xlsx(), balance._xlsx_file_name())
