from odoo import models
from odoo.tools import float_round


class ReserveLoanContract(models.Model):
    _inherit = "reserve.loan.contract"

    def _statement_line_values(self, hours_lines):
        """The figures of each of ``hours_lines`` (hours of this loan), day by day.

        Each day is valued as the difference between the loan's figures up to and including
        that day and up to the day before, in the order the days were worked: the cents of
        rounding never drift, the days of a month add up to the loan's own computation for
        that month, and all the months add up to the loan's totals.
        """
        self.ensure_one()
        digits = self.currency_id.decimal_places if self.currency_id else 2
        wanted = set(hours_lines.ids)
        values = []
        hours = expenses = 0.0
        previous = self._cost_figures(0.0, 0.0)
        for line in self.sudo().hours_line_ids.sorted(lambda line: (line.date, line.id)):
            hours += line.hours
            expenses += line.expenses
            current = self._cost_figures(hours, expenses)
            if line.id in wanted:
                values.append(
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
                        **{
                            key: float_round(current[key] - previous[key], precision_digits=digits)
                            for key in ("salary", "charges", "expenses", "amount")
                        },
                    }
                )
            previous = current
        return values
