from odoo import models
from odoo.tools import SQL


class ReserveReport(models.Model):
    _inherit = "reserve.report"

    def _reserve_report_sections(self, date_from, date_to):
        """Loans and hours lent in the period, by lending and borrowing member (establishments, not people)."""
        sections = super()._reserve_report_sections(date_from, date_to)
        rows = self._rows(
            SQL(
                """
                SELECT lender.name, borrower.name,
                       count(DISTINCT contract.id) FILTER (
                           WHERE contract.state NOT IN ('draft', 'cancelled')
                             AND contract.date_start <= %(date_to)s AND contract.date_end >= %(date_from)s),
                       COALESCE(sum(hours.hours), 0)
                  FROM reserve_loan_contract contract
                  JOIN res_partner lender ON lender.id = contract.lender_id
                  JOIN res_partner borrower ON borrower.id = contract.borrower_id
             LEFT JOIN reserve_loan_hours hours ON hours.contract_id = contract.id
                       AND hours.date BETWEEN %(date_from)s AND %(date_to)s
                 WHERE contract.state NOT IN ('draft', 'cancelled')
              GROUP BY 1, 2
                HAVING count(DISTINCT contract.id) FILTER (
                           WHERE contract.date_start <= %(date_to)s AND contract.date_end >= %(date_from)s) > 0
                    OR COALESCE(sum(hours.hours), 0) > 0
              ORDER BY 1, 2
                """,
                date_from=date_from,
                date_to=date_to,
            )
        )
        sections.append(
            {
                "key": "loans",
                "title": self.env._("Staff loans and hours lent"),
                "columns": [
                    (self.env._("Lending member"), "text"),
                    (self.env._("Borrowing member"), "text"),
                    (self.env._("Loans running in the period"), "int"),
                    (self.env._("Hours lent in the period"), "float"),
                ],
                "rows": rows,
                "totals": True,
                "chart": {"category": 1, "values": [3]},
            }
        )
        return sections
