from odoo import fields, models
from odoo.exceptions import UserError


class ReserveNeedMatch(models.TransientModel):
    """The ranked people for a need, with the reasons of their rank, for the coordinator (or
    the establishment's manager when the settings allow it)."""

    _name = "reserve.need.match"
    _description = "People matching a need"
    _inherit = ["reserve.write.guard"]
    # The lines come from the ranking only (a manager who typed their own would read the
    # names of people they were never shown); the manager chooses the wave's size.
    _manager_create_fields = frozenset({"need_id", "top_n"})
    _manager_write_fields = frozenset({"top_n"})

    need_id = fields.Many2one("reserve.need", required=True, ondelete="cascade", readonly=True)
    line_ids = fields.One2many("reserve.need.match.line", "wizard_id", string="Ranked people")
    line_count = fields.Integer(compute="_compute_line_count", string="People found")
    top_n = fields.Integer(string="Wave size", default=5, help="How many people of the top of the list to ask.")
    # Filled by the ranking when it is shorter than the places left (counts only, no name).
    funnel_html = fields.Html(string="Why so few", sanitize=False, readonly=True)

    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)

    def _fill_lines(self, limit=50):
        """Rank the people (one query, see reserve.need._match) and show them as lines.

        A member manager allowed to send proposals for this need sees the lines too, with the
        person's name but no access to the profiles (record rules of reserve.person)."""
        self.ensure_one()
        ranking = self.need_id._ranking_for_manager(limit=limit)
        # The lines are the ranking's, which checked who may see it (action_find_people).
        self.sudo().line_ids = [
            fields.Command.create(
                {
                    "sequence": rank,
                    "person_id": match["person_id"],
                    "person_name": match["name"],
                    "score": match["score"],
                    "distance_km": match["distance_km"],
                    "reasons": " · ".join(match["reasons"]),
                }
            )
            for rank, match in enumerate(ranking, start=1)
        ]
        need = self.need_id
        if len(ranking) < max(need.headcount - need.filled_count, 1):
            self.sudo().funnel_html = need._funnel_html()

    def _get_selected_people(self):
        """The people the coordinator ticked (all of them when none is ticked): what a
        “send proposals” button of the proposals module starts from."""
        self.ensure_one()
        lines = self.line_ids.filtered("is_selected") or self.line_ids
        return lines.sorted("sequence").person_id

    def action_send_selected(self):
        """Ask the people the coordinator ticked."""
        self.ensure_one()
        people = self.line_ids.filtered("is_selected").sorted("sequence").person_id
        if not people:
            raise UserError(self.env._("Tick the people to ask, or send the wave to the top of the list."))
        return self._send_to(people)

    def action_send_top(self):
        """Ask the first people of the ranking."""
        self.ensure_one()
        if self.top_n < 1:
            raise UserError(self.env._("The wave size must be one person at least."))
        return self._send_to(self.line_ids.sorted("sequence")[: self.top_n].person_id)

    def _send_to(self, people):
        self.need_id.action_send_wave(people.ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s people were asked by e-mail.", count=len(people)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class ReserveNeedMatchLine(models.TransientModel):
    _name = "reserve.need.match.line"
    _description = "Ranked person for a need"
    _inherit = ["reserve.write.guard"]
    _order = "sequence, id"
    # A manager ticks the people to ask; the lines themselves are the ranking's.
    _manager_write_fields = frozenset({"is_selected"})

    wizard_id = fields.Many2one("reserve.need.match", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    is_selected = fields.Boolean(string="Selected")
    person_id = fields.Many2one("reserve.person", required=True, readonly=True)
    # Copied when ranking: a member manager may not read the profiles of the reserve.
    person_name = fields.Char(string="Name", readonly=True)
    score = fields.Float(digits=(5, 1), readonly=True)
    distance_km = fields.Float(string="Distance (km)", digits=(6, 1), readonly=True)
    reasons = fields.Text(readonly=True)
