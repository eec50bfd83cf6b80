from odoo import fields, models


class CvthequeCvConsent(models.Model):
    """One consent event of a CV: given, renewed or withdrawn, with the text agreed to.

    Append-only: nobody has write or delete access (the lines are created by the CV's own
    methods); they go only with their CV.
    """

    _name = "cvtheque.cv.consent"
    _description = "CV consent"
    _order = "date desc, id desc"

    cv_id = fields.Many2one("cvtheque.cv", required=True, ondelete="cascade", index=True, readonly=True)
    kind = fields.Selection(
        [("given", "Given"), ("renewed", "Renewed"), ("withdrawn", "Withdrawn")], required=True, readonly=True
    )
    version = fields.Char(string="Text version", required=True, readonly=True)
    text = fields.Text(required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True, ondelete="set null")
