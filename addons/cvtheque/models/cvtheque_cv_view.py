from odoo import fields, models


class CvthequeCvView(models.Model):
    """A view or download of a CV by a member establishment's manager (audit log).

    Written by the CV's own methods only; coordinators read the log, the person sees on the
    portal which establishment consulted their CV and when.
    """

    _name = "cvtheque.cv.view"
    _description = "CV view"
    _order = "date desc, id desc"
    _rec_name = "cv_id"

    cv_id = fields.Many2one("cvtheque.cv", string="CV", required=True, ondelete="cascade", index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True, ondelete="restrict")
    establishment_id = fields.Many2one("res.partner", readonly=True, ondelete="set null")
    establishment_names = fields.Char(
        string="Establishments managed", readonly=True, help="All the establishments the user managed at the time."
    )
    kind = fields.Selection([("view", "View"), ("download", "Download")], required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
