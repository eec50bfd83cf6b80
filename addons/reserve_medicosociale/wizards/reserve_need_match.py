from odoo import fields, models


class ReserveNeedMatch(models.TransientModel):
    """The ranked people for a need, with the reasons of their rank, for the coordinator."""

    _name = "reserve.need.match"
    _description = "People matching a need"

    need_id = fields.Many2one("reserve.need", required=True, ondelete="cascade", readonly=True)
    line_ids = fields.One2many("reserve.need.match.line", "wizard_id", string="Ranked people")
    line_count = fields.Integer(compute="_compute_line_count", string="People found")

    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)

    def _fill_lines(self, limit=50):
        """Rank the people (one query, see reserve.need._match) and show them as lines."""
        self.ensure_one()
        ranking = self.need_id._match(limit=limit)
        self.line_ids = [
            fields.Command.create(
                {
                    "sequence": rank,
                    "person_id": match["person_id"],
                    "score": match["score"],
                    "distance_km": match["distance_km"],
                    "reasons": " · ".join(match["reasons"]),
                }
            )
            for rank, match in enumerate(ranking, start=1)
        ]

    def _get_selected_people(self):
        """The people the coordinator ticked (all of them when none is ticked): what a
        “send proposals” button of the proposals module starts from."""
        self.ensure_one()
        lines = self.line_ids.filtered("is_selected") or self.line_ids
        return lines.sorted("sequence").person_id


class ReserveNeedMatchLine(models.TransientModel):
    _name = "reserve.need.match.line"
    _description = "Ranked person for a need"
    _order = "sequence, id"

    wizard_id = fields.Many2one("reserve.need.match", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    is_selected = fields.Boolean(string="Selected")
    person_id = fields.Many2one("reserve.person", required=True, readonly=True)
    score = fields.Float(digits=(5, 1), readonly=True)
    distance_km = fields.Float(string="Distance (km)", digits=(6, 1), readonly=True)
    reasons = fields.Text(readonly=True)
