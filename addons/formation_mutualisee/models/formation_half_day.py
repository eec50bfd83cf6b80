from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .event_event import half_day_datetimes

PERIODS = [("morning", "Morning"), ("afternoon", "Afternoon")]
DEFAULT_HOURS = {"morning": (9.0, 12.5), "afternoon": (13.5, 17.0)}


class FormationHalfDay(models.Model):
    """A half-day of a training session (a morning or an afternoon), the unit of attendance."""

    _name = "formation.half.day"
    _description = "Half-day of a training session"
    _order = "date, start_hour, id"

    session_id = fields.Many2one("event.event", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True)
    period = fields.Selection(PERIODS, required=True, default="morning")
    start_hour = fields.Float(
        compute="_compute_hours", store=True, readonly=False, required=True, precompute=True, string="From (local time)"
    )
    end_hour = fields.Float(
        compute="_compute_hours", store=True, readonly=False, required=True, precompute=True, string="To"
    )
    duration_hours = fields.Float(compute="_compute_duration", store=True, string="Hours")
    start_datetime = fields.Datetime(compute="_compute_duration", store=True, string="Start")
    end_datetime = fields.Datetime(compute="_compute_duration", store=True, string="End")

    _session_day_period_unique = models.UniqueIndex(
        "(session_id, date, period)", "A session has one morning and one afternoon per day."
    )

    @api.depends("period")
    def _compute_hours(self):
        for half_day in self:
            half_day.start_hour, half_day.end_hour = DEFAULT_HOURS[half_day.period or "morning"]

    @api.depends("date", "start_hour", "end_hour")
    def _compute_duration(self):
        for half_day in self:
            half_day.duration_hours = max(0.0, (half_day.end_hour or 0.0) - (half_day.start_hour or 0.0))
            if half_day.date:
                half_day.start_datetime, half_day.end_datetime = half_day_datetimes(
                    half_day.date, half_day.start_hour or 0.0, half_day.end_hour or 0.0
                )
            else:
                half_day.start_datetime = half_day.end_datetime = False

    @api.depends("date", "period", "start_hour", "end_hour")
    @api.depends_context("lang")
    def _compute_display_name(self):
        periods = {"morning": self.env._("Morning"), "afternoon": self.env._("Afternoon")}
        for half_day in self:
            if not half_day.date:
                half_day.display_name = periods.get(half_day.period, "")
                continue
            half_day.display_name = "{} – {} ({}–{})".format(
                format_date(self.env, half_day.date, date_format="EEEE d MMMM y"),
                periods.get(half_day.period, ""),
                _hour_label(half_day.start_hour),
                _hour_label(half_day.end_hour),
            )

    @api.constrains("start_hour", "end_hour", "period")
    def _check_hours(self):
        for half_day in self:
            if not 0 <= half_day.start_hour < half_day.end_hour <= 24:
                raise ValidationError(self.env._("A half-day ends after it starts, within the day."))
            if half_day.end_hour - half_day.start_hour > 6:
                raise ValidationError(self.env._("A half-day lasts six hours at most."))

    @api.model_create_multi
    def create(self, vals_list):
        half_days = super().create(vals_list)
        half_days.session_id._sync_dates_from_half_days()
        return half_days

    def write(self, vals):
        result = super().write(vals)
        self.session_id._sync_dates_from_half_days()
        return result


def _hour_label(hour):
    minutes = round((hour or 0.0) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
