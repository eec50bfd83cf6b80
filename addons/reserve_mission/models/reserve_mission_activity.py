from odoo import fields, models


class ReserveMissionActivity(models.Model):
    """A kind of volunteer mission (accompanying family visits, reading …): a shipped list
    that coordinators may complete."""

    _name = "reserve.mission.activity"
    _description = "Volunteer mission activity"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "An activity with this code already exists.")
