from odoo import api, fields, models
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
