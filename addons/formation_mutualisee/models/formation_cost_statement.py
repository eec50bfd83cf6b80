import datetime
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError


class FormationCostStatement(models.Model):
    """What a member establishment owes for the shared trainings of a period: its shares of
    the costs of the sessions that took place then (PDF and XLSX)."""

    _name = "formation.cost.statement"
    _description = "Member's statement of shared training costs"
    _inherit = ["mail.thread"]
    _order = "date_from desc, member_id"

    name = fields.Char(compute="_compute_name", store=True)
    member_id = fields.Many2one(
        "res.partner",
        string="Member establishment",
        required=True,
        index=True,
        domain=[("member_state", "=", "member")],
    )
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    share_ids = fields.Many2many("formation.cost.share", string="Shares", compute="_compute_share_ids")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id, required=True)
    amount_total = fields.Monetary(compute="_compute_share_ids", currency_field="currency_id", string="Total")

    _member_period_unique = models.UniqueIndex(
        "(member_id, date_from, date_to)", "This member already has a statement for this period."
    )

    @api.depends("member_id", "date_from", "date_to")
    def _compute_name(self):
        for statement in self:
            statement.name = self.env._(
                "Training costs %(member)s %(date_from)s – %(date_to)s",
                member=statement.member_id.name or "",
                date_from=statement.date_from or "",
                date_to=statement.date_to or "",
            )

    @api.depends("member_id", "date_from", "date_to")
    def _compute_share_ids(self):
        for statement in self:
            shares = statement._shares()
            statement.share_ids = shares
            statement.amount_total = sum(shares.mapped("amount"))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for statement in self:
            if statement.date_to < statement.date_from:
                raise UserError(self.env._("A statement's period ends after it starts."))

    def action_download_xlsx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/formation/statement/{self.id}/xlsx", "target": "download"}

    def _shares(self):
        self.ensure_one()
        if not (self.member_id and self.date_from and self.date_to):
            return self.env["formation.cost.share"]
        # The reader was allowed to read the statement: its lines are read as superuser.
        return (
            self.env["formation.cost.share"]
            .sudo()
            .search(
                [
                    ("member_id", "=", self.member_id.id),
                    ("session_id.training_state", "=", "done"),
                    ("session_date", ">=", fields.Datetime.to_datetime(self.date_from)),
                    ("session_date", "<", fields.Datetime.to_datetime(self.date_to) + datetime.timedelta(days=1)),
                ],
                order="session_date, id",
            )
        )

    def _xlsx_file_name(self):
        self.ensure_one()
        return f"couts-formations-{self.member_id.name}-{self.date_from}-{self.date_to}.xlsx".replace(" ", "-")

    def _build_xlsx(self):
        """The statement as a spreadsheet: one line per session, then the total."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("Relevé")
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00 €"})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write(0, 0, "Relevé des coûts de formations mutualisées", bold)
        sheet.write(1, 0, "Établissement")
        sheet.write(1, 1, self.member_id.name)
        sheet.write(2, 0, "Période")
        sheet.write(2, 1, f"{self.date_from:%d/%m/%Y} – {self.date_to:%d/%m/%Y}")
        headers = ["Formation", "Session", "Date", "Places utilisées", "Clé", "Coût de la session", "Montant"]
        for col, header in enumerate(headers):
            sheet.write(4, col, header, bold)
        row = 5
        for share in self.share_ids.sudo():
            sheet.write(row, 0, share.training_id.name or "")
            sheet.write(row, 1, share.session_id.name)
            sheet.write_datetime(row, 2, share.session_date, date_format)
            sheet.write_number(row, 3, share.seat_count)
            sheet.write_number(row, 4, share.weight)
            sheet.write_number(row, 5, share.session_id.cost_amount, money)
            sheet.write_number(row, 6, share.amount, money)
            row += 1
        sheet.write(row, 5, "Total", bold)
        sheet.write_number(row, 6, self.amount_total, money)
        sheet.set_column(0, 1, 40)
        sheet.set_column(2, 6, 16)
        workbook.close()
        return output.getvalue()
