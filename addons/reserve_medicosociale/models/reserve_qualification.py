from odoo import api, fields, models


class ReserveQualification(models.Model):
    """A diploma, certificate or licence of the sector (DEAS, DEI, AFGSU 2, permis B…)."""

    _name = "reserve.qualification"
    _description = "Qualification"
    _order = "kind, name"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(index=True, help="Usual short name, e.g. DEAS.")
    kind = fields.Selection(
        [("diploma", "Diploma"), ("certificate", "Certificate"), ("licence", "Licence")],
        required=True,
        default="diploma",
    )
    job_ids = fields.Many2many(
        "reserve.job",
        "reserve_qualification_job_rel",
        "qualification_id",
        "job_id",
        string="Qualifies for",
    )
    validity_months = fields.Integer(
        string="Validity (months)", help="0 when it does not expire; AFGSU lasts 48 months."
    )
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code) WHERE code IS NOT NULL", "A qualification with this code already exists.")
    _validity_positive = models.Constraint("CHECK(validity_months >= 0)", "A validity cannot be negative.")

    @api.depends("name", "code")
    def _compute_display_name(self):
        for qualification in self:
            name, code = qualification.name, qualification.code
            qualification.display_name = f"{code} - {name}" if code and code != name else name
