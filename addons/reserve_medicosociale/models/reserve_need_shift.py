from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ReserveNeedShift(models.Model):
    """One shift of a need: a start and an end, possibly overnight (stored in UTC)."""

    _name = "reserve.need.shift"
    _description = "Shift of a need"
    _inherit = ["reserve.write.guard"]
    _order = "start, id"
    # A member manager sets the shifts of their needs; a shift never moves to another need.
    _manager_write_fields = frozenset({"start", "stop"})
    _manager_create_fields = _manager_write_fields | {"need_id"}

    need_id = fields.Many2one("reserve.need", required=True, ondelete="cascade", index=True)
    start = fields.Datetime(required=True, index=True)
    stop = fields.Datetime(required=True)
    duration_hours = fields.Float(compute="_compute_duration_hours", store=True, string="Hours")

    @api.depends("start", "stop")
    def _compute_duration_hours(self):
        for shift in self:
            if shift.start and shift.stop:
                shift.duration_hours = (shift.stop - shift.start).total_seconds() / 3600
            else:
                shift.duration_hours = 0

    @api.constrains("start", "stop")
    def _check_dates(self):
        for shift in self:
            if shift.stop <= shift.start:
                raise ValidationError(self.env._("A shift must end after it starts (a night shift ends the next day)."))
            if shift.duration_hours > 24:
                raise ValidationError(
                    self.env._("A shift lasts 24 hours at most: split longer needs into several shifts.")
                )
