from odoo import api, models


class ReportLoanConvention(models.AbstractModel):
    """Rendering values of the staff-loan documents (convention or annex, amendment, framework).

    Whoever may read the loan (the employee, a manager of the lending or of the borrowing
    member, a coordinator) gets the whole document, with the data of the other parties that
    they could not read otherwise (the employee's profile for the borrower, the members for
    the employee): reading the loan is what allows printing it.
    """

    _name = "report.reserve_loan.report_loan_convention"
    _description = "Staff-loan convention or annex"
    _report_model = "reserve.loan.contract"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._report_model].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docs.ids,
            "doc_model": self._report_model,
            "docs": docs.sudo(),
            "data": data,
        }


class ReportLoanAvenant(models.AbstractModel):
    _name = "report.reserve_loan.report_loan_avenant"
    _inherit = "report.reserve_loan.report_loan_convention"
    _description = "Amendment to a lent employee's work contract"


class ReportLoanFramework(models.AbstractModel):
    _name = "report.reserve_loan.report_loan_framework"
    _inherit = "report.reserve_loan.report_loan_convention"
    _description = "Staff-loan framework agreement"
    _report_model = "reserve.loan.framework"
