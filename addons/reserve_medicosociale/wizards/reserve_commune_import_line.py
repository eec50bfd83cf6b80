from odoo import fields, models


class ReserveCommuneImportLine(models.TransientModel):
    """What the communes import did, or would do, with one commune of the file."""

    _name = "reserve.commune.import.line"
    _description = "Communes import line"
    _order = "priority, line_number, id"

    import_id = fields.Many2one("reserve.commune.import", required=True, ondelete="cascade", index=True)
    line_number = fields.Integer(string="Line")
    insee_code = fields.Char(string="INSEE code")
    name = fields.Char(string="Commune")
    action = fields.Selection(
        [
            ("create", "Create"),
            ("update", "Update"),
            ("warning", "Unchanged"),
            ("reject", "Reject"),
            ("skip", "Filtered out"),
        ],
        required=True,
    )
    reason = fields.Text()
    priority = fields.Integer(help="Rejected lines first, then the lines with a warning.")
