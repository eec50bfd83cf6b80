from odoo import fields, models


class ReservePersonJob(models.Model):
    """A job a person can do, with their experience in it."""

    _name = "reserve.person.job"
    _description = "Reservist's job"
    _inherit = ["reserve.write.guard"]
    _order = "years_experience desc, id"
    # The person adds their jobs to their own profile (the rules check the profile).
    _portal_create_fields = frozenset({"person_id", "job_id", "years_experience"})
    _portal_write_fields = frozenset({"job_id", "years_experience"})

    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    job_id = fields.Many2one("reserve.job", required=True, ondelete="restrict", index=True)
    years_experience = fields.Integer(string="Years of experience")

    _person_job_unique = models.UniqueIndex("(person_id, job_id)", "This job is already on the profile.")
    _experience_positive = models.Constraint("CHECK(years_experience >= 0)", "Experience cannot be negative.")
