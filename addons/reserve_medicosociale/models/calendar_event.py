from odoo import api, fields, models
from odoo.exceptions import AccessError

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

    @api.model_create_multi
    def create(self, vals_list):
        self._ensure_readable_invitees(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._ensure_readable_invitees([vals])
        return super().write(vals)

    @api.model
    def _ensure_readable_invitees(self, vals_list):
        """Nobody invites a contact they may not read (a reservist's, res_partner_security.xml):
        the invitation would go out in their name and its attendee would show the contact's
        e-mail and phone. Checked before the event is made, as its invitations may leave at once."""
        if self.env.su or self.env.user.has_group(COORDINATOR_GROUP):
            return
        partner_ids = set()
        for vals in vals_list:
            for command in vals.get("partner_ids") or ():
                if command[0] == 6:
                    partner_ids.update(command[2])
                elif command[0] == 4:
                    partner_ids.add(command[1])
            for command in vals.get("attendee_ids") or ():
                if command[0] == 0 and command[2].get("partner_id"):
                    partner_ids.add(command[2]["partner_id"])
        partners = self.env["res.partner"].browse(partner_ids)
        if partners - partners._filtered_access("read"):
            raise AccessError(self.env._("You can only invite the contacts you may see."))

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
