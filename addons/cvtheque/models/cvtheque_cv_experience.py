from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CvthequeCvExperience(models.Model):
    """A line of experience of a CV: a job held, where, when."""

    _name = "cvtheque.cv.experience"
    _description = "CV experience"
    _inherit = ["reserve.write.guard"]
    _order = "date_start desc, id desc"

    _portal_create_fields = frozenset({"cv_id", "title", "employer", "date_start", "date_end", "description"})
    _portal_write_fields = frozenset({"title", "employer", "date_start", "date_end", "description"})

    cv_id = fields.Many2one("cvtheque.cv", required=True, ondelete="cascade", index=True)
    title = fields.Char(string="Job", required=True)
    employer = fields.Char()
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="To")
    description = fields.Text()

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(self.env._("An experience ends after it starts."))
