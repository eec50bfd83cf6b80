from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .event_event import PARCOURS_USER_GROUP

BOOKING_STATES = [("booked", "Booked"), ("cancelled", "Cancelled")]


class ParcoursSlotBooking(models.Model):
    """A candidate's booking of a time slot with an establishment on a virtual recruitment day.

    Never two bookings on one slot: a unique index on the booked slot, behind the row lock of
    ``parcours.event.slot._book_for``. Nobody writes a booking's fields over RPC: bookings are
    made and cancelled by their buttons only (``reserve.write.guard`` with no field for
    portal users and member managers).
    """

    _name = "parcours.slot.booking"
    _description = "Booking of a virtual recruitment day's time slot"
    _inherit = ["mail.thread", "reserve.write.guard"]
    _order = "start_datetime, id"
    _rec_name = "slot_id"

    slot_id = fields.Many2one("parcours.event.slot", string="Time slot", required=True, index=True, ondelete="restrict")
    event_id = fields.Many2one(related="slot_id.event_id", store=True, index=True, string="Event")
    establishment_id = fields.Many2one(
        related="slot_id.establishment_id", store=True, index=True, string="Establishment"
    )
    start_datetime = fields.Datetime(related="slot_id.start_datetime", store=True, string="Start")
    end_datetime = fields.Datetime(related="slot_id.end_datetime", string="End")
    partner_id = fields.Many2one("res.partner", string="Candidate", required=True, index=True, ondelete="restrict")
    # The candidate's name and contact as the establishment they booked reads them (a
    # reservist's contact is otherwise private): booking a meeting gives them to it.
    partner_name = fields.Char(related="partner_id.name", string="Candidate's name")
    partner_email = fields.Char(related="partner_id.email", string="E-mail")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    registration_id = fields.Many2one("event.registration", index="btree_not_null", ondelete="set null")
    pathway_id = fields.Many2one(
        "parcours.pathway", index="btree_not_null", ondelete="set null", groups=PARCOURS_USER_GROUP
    )
    state = fields.Selection(BOOKING_STATES, default="booked", required=True, readonly=True, tracking=True, index=True)
    cancel_date = fields.Datetime(string="Cancelled on", readonly=True, copy=False)
    meeting_url = fields.Char(compute="_compute_meeting_url", string="Video meeting link")
    cv_id = fields.Many2one("cvtheque.cv", compute="_compute_cv_id", string="CV")

    _slot_booked_unique = models.UniqueIndex(
        "(slot_id) WHERE state = 'booked'",
        "This time slot is already booked: choose another one.",
    )
    _candidate_establishment_unique = models.UniqueIndex(
        "(event_id, establishment_id, partner_id) WHERE state = 'booked'",
        "This candidate already has a meeting with this establishment on this day.",
    )

    def _compute_meeting_url(self):
        for booking in self:
            booking.meeting_url = booking.slot_id._meeting_url() if booking.slot_id else False

    def _compute_cv_id(self):
        """The candidate's CV in the CVthèque (the establishment opens it if the person shares it)."""
        cvs = (
            self.env["cvtheque.cv"]
            .sudo()
            .search([("partner_id", "in", self.partner_id.ids), ("state", "=", "published")], order="write_date desc")
        )
        by_partner = {}
        for cv in cvs:
            by_partner.setdefault(cv.partner_id.id, cv)
        for booking in self:
            booking.cv_id = by_partner.get(booking.partner_id.id, False)

    # ------------------------------------------------------------------ actions

    def action_cancel(self):
        """The candidate cancels their own booking (or a referent does), before the meeting."""
        staff = self.env["event.event"]._is_parcours_staff()
        for booking in self:
            if not staff and booking.sudo().partner_id != self.env.user.partner_id:
                raise AccessError(self.env._("You can only cancel your own bookings."))
            if booking.state != "booked":
                raise UserError(self.env._("This booking is already cancelled."))
            if not staff and booking.sudo().start_datetime <= fields.Datetime.now():
                raise UserError(self.env._("This meeting has started or passed: it can no longer be cancelled."))
        self.sudo().write({"state": "cancelled", "cancel_date": fields.Datetime.now()})
        for booking in self.sudo():
            booking.message_post(body=self.env._("Cancelled."), subtype_xmlid="mail.mt_note")
        return True

    def action_open_cv(self):
        """The candidate's CV, if they share it with this establishment (the CVthèque's rules)."""
        self.ensure_one()
        cv = self.cv_id
        if not cv:
            raise UserError(self.env._("This candidate has no published CV in the CVthèque."))
        if not cv.with_env(self.env).has_access("read"):
            raise UserError(
                self.env._(
                    "This candidate keeps their CV for the association only: ask them for it during the meeting."
                )
            )
        return {"type": "ir.actions.act_window", "res_model": "cvtheque.cv", "res_id": cv.id, "view_mode": "form"}

    def action_create_application(self):
        """An application of the candidate on an offer of the establishment they met."""
        self.ensure_one()
        registration = self.sudo().registration_id
        if not registration:
            raise UserError(self.env._("This booking has no registration to the event."))
        if (
            not self.env["event.event"]._is_parcours_staff()
            and self.env.user not in self.sudo().establishment_id.member_manager_ids
        ):
            raise AccessError(
                self.env._("Only the association's referents or a manager of the establishment can do this.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create an application"),
            "res_model": "parcours.application.create",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_registration_id": registration.id,
                "default_establishment_id": self.establishment_id.id,
            },
        }

    @api.model
    def _portal_domain(self, partner):
        return [("partner_id", "=", partner.id)]
