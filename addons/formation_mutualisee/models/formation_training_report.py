from odoo import fields, models

from odoo.addons.reserve_medicosociale.tools.sql_view import replace_view


class FormationTrainingReport(models.Model):
    """Shared trainings delivered, in figures, for the dashboards of coordinators and
    authorities: one line per training session closed (done), with its training, end date,
    attendees, hours attended and certificates issued; no trainee (a database view over
    ``event_event`` and its registrations)."""

    _name = "formation.training.report"
    _description = "Shared trainings delivered in figures"
    _auto = False
    _rec_name = "event_type_id"
    _order = "date_end desc"
    # The view reads these: flushed before it is queried.
    _depends = {
        "event.event": ["event_type_id", "date_end", "is_training", "training_state"],
        "event.registration": ["event_id", "state", "attended_hours", "certificate_state"],
    }

    event_type_id = fields.Many2one("event.type", string="Training", readonly=True)
    date_end = fields.Datetime(string="Ended on", readonly=True)
    attendee_count = fields.Integer(string="Attendees", readonly=True)
    attended_hours = fields.Float(string="Hours attended", readonly=True)
    certificate_count = fields.Integer(string="Certificates", readonly=True)

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            """
            SELECT session.id, session.event_type_id, session.date_end,
                   (count(registration.id) FILTER (WHERE registration.attended_hours > 0))::int
                       AS attendee_count,
                   COALESCE(sum(registration.attended_hours), 0) AS attended_hours,
                   (count(registration.id) FILTER (WHERE registration.certificate_state = 'issued'))::int
                       AS certificate_count
              FROM event_event session
         LEFT JOIN event_registration registration
                   ON registration.event_id = session.id AND registration.state != 'cancel'
             WHERE session.is_training AND session.training_state = 'done'
          GROUP BY session.id
            """,
        )
