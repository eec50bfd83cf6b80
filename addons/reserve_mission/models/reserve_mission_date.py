import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.reserve_medicosociale.tools.local_time import to_local

MAX_DAYS_AHEAD = 5 * 366


class ReserveMissionDate(models.Model):
    """A date of a mission: when the volunteers come, start and end (naive UTC)."""

    _name = "reserve.mission.date"
    _description = "Volunteer mission date"
    _order = "start, id"

    mission_id = fields.Many2one("reserve.mission", required=True, ondelete="cascade", index=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    duration_hours = fields.Float(compute="_compute_duration_hours", store=True, string="Hours")

    _stop_after_start = models.Constraint("CHECK (stop > start)", "A mission date ends after it starts.")

    @api.constrains("start")
    def _check_start_ahead(self):
        # Beyond, the dates and links computed from them (expiry of the mail links) overflow.
        limit = fields.Datetime.now() + datetime.timedelta(days=MAX_DAYS_AHEAD)
        if any(line.start > limit for line in self):
            raise ValidationError(self.env._("A mission date falls within the next five years."))

    @api.depends("start", "stop")
    def _compute_duration_hours(self):
        for line in self:
            line.duration_hours = (line.stop - line.start).total_seconds() / 3600 if line.start and line.stop else 0.0

    @api.depends("start", "stop")
    def _compute_display_name(self):
        for line in self:
            if line.start and line.stop:
                start, stop = to_local(line.start), to_local(line.stop)
                line.display_name = f"{start:%d/%m/%Y %H:%M}–{stop:%H:%M}"
            else:
                line.display_name = False

    def _check_mission_editable(self, missions):
        """A structure changes the dates of a mission only while it may change the mission."""
        if self.env.su or self.env.user.has_group("reserve_medicosociale.reserve_medicosociale_group_coordinator"):
            return
        locked = missions.filtered(lambda m: m.state not in ("draft", "to_correct", "refused"))
        if locked:
            raise UserError(
                self.env._("“%s” was submitted or published: its dates cannot be changed any more.", locked[0].name)
            )

    @api.model_create_multi
    def create(self, vals_list):
        missions = self.env["reserve.mission"].browse(
            [vals.get("mission_id") for vals in vals_list if vals.get("mission_id")]
        )
        self._check_mission_editable(missions)
        return super().create(vals_list)

    def write(self, vals):
        self._check_mission_editable(self.mission_id)
        if vals.get("mission_id"):
            self._check_mission_editable(self.env["reserve.mission"].browse(vals["mission_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_mission_editable(self):
        self._check_mission_editable(self.mission_id)
