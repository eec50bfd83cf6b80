import re

from odoo import fields, models

NUMBER_FORMATS = {
    # RPPS: 11 digits, the last a Luhn key (Répertoire partagé des professionnels de santé).
    "rpps": re.compile(r"\d{11}"),
}


class ReserveCheckType(models.Model):
    """An eligibility check some jobs or establishments require, valid for a time:
    the RPPS number, the attestation d'honorabilité, a vaccination…"""

    _name = "reserve.check.type"
    _description = "Eligibility check"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    validity_months = fields.Integer(string="Validity (months)", help="0 when it does not expire.")
    number_format = fields.Selection(
        [("rpps", "RPPS number (11 digits)")], help="The number the person gives is checked against this format."
    )
    job_ids = fields.Many2many(
        "reserve.job", "reserve_check_type_job_rel", "check_type_id", "job_id", string="Required for jobs"
    )
    finess_category_ids = fields.Many2many(
        "reserve.finess.category",
        "reserve_check_type_category_rel",
        "check_type_id",
        "category_id",
        string="Required by establishment categories",
    )
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "An eligibility check with this code already exists.")
    _validity_positive = models.Constraint("CHECK(validity_months >= 0)", "A validity cannot be negative.")
