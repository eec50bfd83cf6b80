from odoo import fields, models

from ..tools.sql_view import replace_view
from .reserve_person import PERSON_CATEGORIES

FRESHNESS = [
    ("fresh", "Confirmed within 30 days"),
    ("aging", "Confirmed 30 to 60 days ago"),
    ("stale", "Older or never"),
]


class ReservePersonReport(models.Model):
    """The reserve in figures, for the dashboards of coordinators and authorities: one line per
    active person with their category, main job, département and the freshness of their
    availability; no name, e-mail or phone (a database view over ``reserve_person``)."""

    _name = "reserve.person.report"
    _description = "The reserve in figures"
    _auto = False
    _rec_name = "category"
    # The view reads these: flushed before it is queried.
    _depends = {
        "reserve.person": ["category", "state", "commune_id", "availability_confirmed_date"],
        "reserve.person.job": ["person_id", "job_id"],
        "reserve.commune": ["department_id"],
    }

    category = fields.Selection(PERSON_CATEGORIES, readonly=True)
    job_id = fields.Many2one("reserve.job", string="Main job", readonly=True)
    department_id = fields.Many2one("reserve.department", string="Département", readonly=True)
    freshness = fields.Selection(FRESHNESS, string="Availability", readonly=True)
    state = fields.Selection([("active", "Active")], readonly=True)

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            """
            SELECT person.id, person.category, person.state, commune.department_id,
                   (SELECT line.job_id FROM reserve_person_job line
                     WHERE line.person_id = person.id ORDER BY line.id LIMIT 1) AS job_id,
                   CASE WHEN person.availability_confirmed_date >= now() AT TIME ZONE 'UTC' - interval '30 days'
                        THEN 'fresh'
                        WHEN person.availability_confirmed_date >= now() AT TIME ZONE 'UTC' - interval '60 days'
                        THEN 'aging'
                        ELSE 'stale' END AS freshness
              FROM reserve_person person
         LEFT JOIN reserve_commune commune ON commune.id = person.commune_id
             WHERE person.state = 'active'
            """,
        )
