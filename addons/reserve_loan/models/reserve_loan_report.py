from odoo import fields, models

from odoo.addons.reserve_medicosociale.tools.sql_view import replace_view

from .reserve_loan_contract import LOAN_STATES


class ReserveLoanReport(models.Model):
    """Staff loans in figures, for the dashboards of coordinators and authorities: one line per
    loan past its draft (and not cancelled) with the lending and borrowing members, the job,
    the borrower's territory and the hours lent; no employee, no cost (a database view over
    ``reserve_loan_contract``)."""

    _name = "reserve.loan.report"
    _description = "Staff loans in figures"
    _auto = False
    _rec_name = "job_id"
    _order = "date_start desc"
    # The view reads these: flushed before it is queried.
    _depends = {
        "reserve.loan.contract": [
            "date_start",
            "date_end",
            "lender_id",
            "borrower_id",
            "job_id",
            "state",
            "hours_done",
        ],
        "res.partner": ["territory_id"],
    }

    date_start = fields.Date(string="From", readonly=True)
    date_end = fields.Date(string="Until", readonly=True)
    lender_id = fields.Many2one("res.partner", string="Lending member", readonly=True)
    borrower_id = fields.Many2one("res.partner", string="Borrowing member", readonly=True)
    job_id = fields.Many2one("reserve.job", readonly=True)
    territory_id = fields.Many2one("reserve.territory", string="Borrower's territory", readonly=True)
    state = fields.Selection(LOAN_STATES, readonly=True)
    hours_done = fields.Float(string="Hours lent", readonly=True)

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            """
            SELECT contract.id, contract.date_start, contract.date_end, contract.lender_id,
                   contract.borrower_id, contract.job_id, borrower.territory_id, contract.state,
                   COALESCE(contract.hours_done, 0) AS hours_done
              FROM reserve_loan_contract contract
              JOIN res_partner borrower ON borrower.id = contract.borrower_id
             WHERE contract.state NOT IN ('draft', 'cancelled')
            """,
        )
