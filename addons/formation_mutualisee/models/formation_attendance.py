from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ABSENCE_REASONS = [
    ("sick", "Sickness"),
    ("work", "Needed at work"),
    ("family", "Family reason"),
    ("transport", "Transport problem"),
    ("unexcused", "No reason given"),
    ("other", "Other"),
]


class FormationAttendance(models.Model):
    """Whether an attendee was there for one half-day of a session (the sign-in sheet's line)."""

    _name = "formation.attendance"
    _description = "Training attendance for a half-day"
    _order = "half_day_id, registration_id"

    registration_id = fields.Many2one("event.registration", required=True, ondelete="cascade", index=True)
    half_day_id = fields.Many2one("formation.half.day", required=True, ondelete="cascade", index=True)
    session_id = fields.Many2one(related="registration_id.event_id", store=True, index=True)
    attendee_name = fields.Char(related="registration_id.name", string="Attendee")
    state = fields.Selection(
        [("to_mark", "To mark"), ("present", "Present"), ("absent", "Absent")],
        default="to_mark",
        required=True,
    )
    absence_reason = fields.Selection(ABSENCE_REASONS)
    absence_note = fields.Char()
    marked_by_id = fields.Many2one("res.users", readonly=True)
    marked_date = fields.Datetime(readonly=True)

    _registration_half_day_unique = models.UniqueIndex(
        "(registration_id, half_day_id)", "An attendee has one attendance line per half-day."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Attendance lines are made by the session itself."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - {"state", "absence_reason", "absence_note"}:
            raise AccessError(self.env._("Only the attendance itself can be changed here."))
        return super().write(vals)

    def action_mark(self, state, absence_reason=False, absence_note=False):
        """A trainer of the session (or a training manager) marks the attendee present or absent."""
        if state not in ("present", "absent", "to_mark"):
            raise UserError(self.env._("Choose present or absent."))
        if state == "absent" and not absence_reason:
            raise UserError(self.env._("Give the reason of the absence."))
        is_manager = self.env["event.event"]._is_training_manager()
        for attendance in self:
            session = attendance.sudo().session_id
            if not is_manager and self.env.user not in session.trainer_ids:
                raise AccessError(self.env._("Only the trainers of this session can take its attendance."))
            if session.training_state not in ("open", "confirmed"):
                raise UserError(self.env._("The attendance of a done or cancelled session can no longer change."))
        self.sudo().write(
            {
                "state": state,
                "absence_reason": absence_reason if state == "absent" else False,
                "absence_note": absence_note if state == "absent" else False,
                "marked_by_id": self.env.uid,
                "marked_date": fields.Datetime.now(),
            }
        )
        return True
