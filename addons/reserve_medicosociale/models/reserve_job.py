from odoo import api, fields, models


class ReserveJob(models.Model):
    """A trade of the sector, with its ROME code (France Travail's job directory)."""

    _name = "reserve.job"
    _description = "Job"
    _order = "sequence, name"
    _rec_names_search = ["name", "rome_code"]

    name = fields.Char(required=True, translate=True)
    rome_code = fields.Char(string="ROME code", size=5, index=True, help="e.g. J1501 for a care assistant.")
    sequence = fields.Integer(default=10)
    is_care = fields.Boolean(string="Care job", help="A health or care job (needs a verified diploma).")
    qualification_ids = fields.Many2many(
        "reserve.qualification",
        "reserve_qualification_job_rel",
        "job_id",
        "qualification_id",
        string="Qualifying diplomas",
        help="Any one of these qualifications qualifies a person for the job; none listed means no diploma needed.",
    )
    check_type_ids = fields.Many2many(
        "reserve.check.type",
        "reserve_check_type_job_rel",
        "job_id",
        "check_type_id",
        string="Required checks",
    )
    active = fields.Boolean(default=True)

    _name_rome_unique = models.UniqueIndex("(name, rome_code)", "This job already exists with the same ROME code.")

    @api.depends("name", "rome_code")
    def _compute_display_name(self):
        for job in self:
            job.display_name = f"{job.name} ({job.rome_code})" if job.rome_code else job.name
