from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_duration

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]

# The blocks of the weekly grid (portal), in local time: (day offset, hour_from, hour_to) lines.
# A night runs from 21:00 to 07:00 the next day, so it is two lines: 21:00–24:00 on the day
# and 00:00–07:00 on the next (Sunday's night ends on Monday).
WEEK_BLOCKS = {
    "morning": ((0, 7.0, 13.0),),
    "afternoon": ((0, 13.0, 21.0),),
    "night": ((0, 21.0, 24.0), (1, 0.0, 7.0)),
}


class ReserveAvailabilityPattern(models.Model):
    """One time range of a reservist's usual week, in Europe/Paris local time.

    A range never crosses midnight (``hour_to`` is up to 24 and above ``hour_from``): a
    night is entered as two lines, e.g. Monday 22:00–24:00 and Tuesday 00:00–07:00.
    Availability is the union of the lines, so adjacent or overlapping lines add up;
    the person stores that union (``availability_week``) for the availability query
    (``reserve.person._find_available``), which joins two days itself when a shift
    crosses midnight.
    """

    _name = "reserve.availability.pattern"
    _description = "Weekly availability of a reservist"
    _inherit = ["reserve.write.guard"]
    _order = "person_id, weekday, hour_from, id"
    # The person keeps their own week (the rules check the profile).
    _portal_create_fields = frozenset({"person_id", "weekday", "hour_from", "hour_to"})
    _portal_write_fields = frozenset({"weekday", "hour_from", "hour_to"})

    person_id = fields.Many2one("reserve.person", string="Reservist", required=True, index=True, ondelete="cascade")
    weekday = fields.Selection(WEEKDAYS, string="Day", required=True, default="0")
    hour_from = fields.Float(
        string="From", required=True, default=8.0, help="Local time (Europe/Paris), e.g. 8.5 for 08:30."
    )
    hour_to = fields.Float(
        string="To", required=True, default=18.0, help="Local time (Europe/Paris), up to 24:00 for midnight."
    )

    _hours_valid = models.Constraint(
        "CHECK(hour_from >= 0 AND hour_to <= 24 AND hour_to > hour_from)",
        "A weekly availability ends after it starts, between 00:00 and 24:00. "
        "For a night, enter two lines: 22:00–24:00 on the first day and 00:00–07:00 on the next.",
    )

    @api.depends("weekday", "hour_from", "hour_to")
    def _compute_display_name(self):
        labels = dict(self._fields["weekday"]._description_selection(self.env))
        for line in self:
            weekday = labels.get(line.weekday, "")
            line.display_name = f"{weekday} {format_duration(line.hour_from)}–{format_duration(line.hour_to)}"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.person_id._availability_touched_by_self()
        return lines

    def write(self, vals):
        result = super().write(vals)
        self.person_id._availability_touched_by_self()
        return result

    # ------------------------------------------------------------------ weekly grid

    @api.model
    def _week_block_selection(self):
        """The blocks of the weekly grid, in their order: ``[(key, label, hours)]``, e.g.
        ``("night", "Night", "21–07")``."""
        labels = {"morning": self.env._("Morning"), "afternoon": self.env._("Afternoon"), "night": self.env._("Night")}
        return [
            (key, labels[key], f"{int(lines[0][1]):02d}–{int(lines[-1][2]) % 24:02d}")
            for key, lines in WEEK_BLOCKS.items()
        ]

    @api.model
    def _week_ranges(self, blocks, ranges=()):
        """The lines of a usual week from the blocks ticked in the grid and other ranges.

        :param blocks: keys ``"<weekday>_<block>"`` of the grid, e.g. ``"0_morning"``,
            ``"6_night"`` (Sunday 21:00 to Monday 07:00)
        :param ranges: other lines, ``(weekday 0-6, hour_from, hour_to)`` in local time
        :return: the distinct lines ``(weekday, hour_from, hour_to)``, sorted
        :raise UserError: for a key that is not a block of the grid
        """
        lines = set()
        for key in blocks:
            day, _sep, block = key.partition("_")
            if block not in WEEK_BLOCKS or not day.isdigit() or not 0 <= int(day) <= 6:
                raise UserError(self.env._("Tick the periods of your week in the grid: “%s” is not one of them.", key))
            for offset, start, stop in WEEK_BLOCKS[block]:
                lines.add(((int(day) + offset) % 7, start, stop))
        lines.update((int(weekday), hour_from, hour_to) for weekday, hour_from, hour_to in ranges)
        return sorted(lines)

    def _week_grid(self):
        """These lines (one person's usual week) as the grid shows them: the blocks whose
        lines are all there, and the lines left over.

        :return: ``{"blocks": {"0_morning", …}, "custom": [{"weekday", "hour_from", "hour_to"}]}``
        """
        ranges = {(int(line.weekday), line.hour_from, line.hour_to) for line in self}
        blocks, used = set(), set()
        for day in range(7):
            for block, parts in WEEK_BLOCKS.items():
                lines = {((day + offset) % 7, start, stop) for offset, start, stop in parts}
                if lines <= ranges:
                    blocks.add(f"{day}_{block}")
                    used |= lines
        return {
            "blocks": blocks,
            "custom": [
                {"weekday": day, "hour_from": start, "hour_to": stop} for day, start, stop in sorted(ranges - used)
            ],
        }
