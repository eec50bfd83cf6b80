from odoo import fields, models


class ReservePerson(models.Model):
    _inherit = "reserve.person"

    cv_ids = fields.One2many("cvtheque.cv", "person_id", string="CVs")

    def _cvtheque_cv_defaults(self):
        """What a new CV takes from the reservist's profile, so that nothing is typed twice."""
        self.ensure_one()
        person = self.sudo()
        return {
            "name": ", ".join(person.job_ids.mapped("name")) or person.name,
            "job_ids": [(6, 0, person.job_ids.ids)],
            "qualification_ids": [(6, 0, person.qualification_line_ids.mapped("qualification_id").ids)],
            "commune_id": person.commune_id.id,
            "radius_km": person.radius_km or 30,
            "contract_type_ids": [(6, 0, person.contract_type_ids.ids)],
            "available_date": fields.Date.context_today(self),
        }
