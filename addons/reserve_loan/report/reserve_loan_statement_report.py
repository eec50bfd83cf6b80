from odoo import api, models


class ReportLoanStatement(models.AbstractModel):
    """Rendering values of the monthly statement.

    Whoever may read the statement (a manager of the lender or of the borrower, a
    coordinator) gets the whole document, with the employees' names that the borrower
    could not read on their profiles: reading the statement is what allows printing it.
    """

    _name = "report.reserve_loan.report_loan_statement"
    _description = "Monthly staff-loan statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["reserve.loan.statement"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docs.ids,
            "doc_model": "reserve.loan.statement",
            "docs": docs.sudo(),
            "data": data,
        }
