from odoo import models


class ReserveReport(models.Model):
    _inherit = "reserve.report"

    def _reserve_report_sections(self, date_from, date_to):
        """The pathways to a job of the period by public: people followed, new pathways,
        steps recorded and hires (aggregates, never a person); then the results of the last
        members' diagnosis sent by the end of the period, by sector and territory."""
        sections = super()._reserve_report_sections(date_from, date_to)
        funder = self.env["parcours.funder.report"]
        section = funder._section_publics(date_from, date_to)
        section.update(key="parcours", title=self.env._("Pathways to a job"))
        sections.append(section)
        sections.append(self.env["parcours.diagnosis"]._reserve_report_section(date_to))
        return sections
