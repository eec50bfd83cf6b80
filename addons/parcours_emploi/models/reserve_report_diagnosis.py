from odoo import models


class ReserveReport(models.Model):
    # The members' diagnosis adds its sheet (kept apart from the pathways' reserve_report.py
    # while the two are built on separate branches: to be merged into it).
    _inherit = "reserve.report"

    def _reserve_report_sections(self, date_from, date_to):
        """The results of the last members' diagnosis sent by the end of the period, by sector and territory."""
        sections = super()._reserve_report_sections(date_from, date_to)
        sections.append(self.env["parcours.diagnosis"]._reserve_report_section(date_to))
        return sections
