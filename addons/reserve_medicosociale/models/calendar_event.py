from odoo import fields, models

COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # Which events are assignments: their record rule (calendar_event_security.xml) keeps
    # them to the attendees and coordinators. Coordinators only: others may not read assignments.
    reserve_assignment_ids = fields.One2many(
        "reserve.assignment",
        "calendar_event_id",
        string="Assignments",
        readonly=True,
        groups=COORDINATOR_GROUP,
    )

    def _check_private_event_conditions(self):
        """Odoo shows a private event as "Busy" to whoever is neither its organizer nor an
        attendee. An assignment's event is shown in full to those its rule lets read it: the
        coordinators, and the managers of the establishment invited, who act for it."""
        if not super()._check_private_event_conditions():
            return False
        # sudo: which assignment the event belongs to and who manages its attendees is not
        # the reader's to see; only the answer is used.
        event = self.sudo()
        if not event.reserve_assignment_ids:
            return True
        user = self.env.user
        return not (user.has_group(COORDINATOR_GROUP) or user in event.partner_ids.member_manager_ids)
