from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from odoo.addons.reserve_medicosociale.tools.row_lock import serialize_on


class ParcoursEventSlot(models.Model):
    """A time slot that one host establishment offers during a virtual recruitment day: a
    video meeting of a few minutes that one candidate books.

    Odoo's own event slots (``event.slot``) repeat a whole event at several times, each
    registration attending one of them, with the event's seats per slot; here each host has
    its own grid of meetings of one candidate each, and a candidate may meet several hosts
    under one registration: a slot is an (establishment, time) pair, booked at most once.
    """

    _name = "parcours.event.slot"
    _description = "Time slot of a virtual recruitment day"
    _order = "start_datetime, establishment_id, id"

    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    establishment_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    start_datetime = fields.Datetime(string="Start", required=True)
    end_datetime = fields.Datetime(string="End", required=True)
    meeting_url = fields.Char(
        string="Video meeting link",
        help="The establishment's own meeting link; the event's online link when empty.",
    )
    booking_ids = fields.One2many("parcours.slot.booking", "slot_id", string="Bookings")
    is_booked = fields.Boolean(compute="_compute_is_booked", store=True, index=True, string="Booked")

    _dates_order = models.Constraint("CHECK(end_datetime > start_datetime)", "A time slot must end after it starts.")
    _establishment_start_unique = models.UniqueIndex(
        "(event_id, establishment_id, start_datetime)",
        "This establishment already has a time slot at this hour of the event.",
    )

    @api.depends("booking_ids.state")
    def _compute_is_booked(self):
        for slot in self:
            slot.is_booked = any(booking.state == "booked" for booking in slot.booking_ids)

    @api.depends("start_datetime", "end_datetime", "establishment_id")
    def _compute_display_name(self):
        for slot in self:
            if not slot.start_datetime:
                slot.display_name = False
                continue
            tz = slot.event_id.date_tz or "Europe/Paris"
            start = format_datetime(self.env, slot.start_datetime, tz=tz, dt_format="EEE d MMM HH:mm")
            end = format_datetime(self.env, slot.end_datetime, tz=tz, dt_format="HH:mm")
            slot.display_name = f"{start}–{end} · {slot.sudo().establishment_id.name}"

    @api.constrains("event_id", "establishment_id", "start_datetime", "end_datetime")
    def _check_event(self):
        for slot in self:
            event = slot.event_id
            if event.parcours_kind != "virtual_day":
                raise ValidationError(self.env._("Time slots belong to a virtual recruitment day."))
            if slot.establishment_id not in event.parcours_host_ids:
                raise ValidationError(
                    self.env._(
                        "%(establishment)s is not a host of %(event)s: add it to the hosts first.",
                        establishment=slot.establishment_id.name,
                        event=event.name,
                    )
                )
            if slot.start_datetime < event.date_begin or slot.end_datetime > event.date_end:
                raise ValidationError(
                    self.env._("The time slot %(slot)s is outside the hours of the event.", slot=slot.display_name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked(self):
        if any(self.mapped("is_booked")):
            raise UserError(self.env._("A booked time slot cannot be deleted: the candidate must cancel first."))

    # ------------------------------------------------------------------ actions

    def action_book(self):
        """The signed-in person books this time slot (the portal's button).

        :return: the parcours.slot.booking
        """
        self.ensure_one()
        if self.env.user._is_public():
            raise AccessError(self.env._("Sign in to book a time slot."))
        return self._book_for(self.env.user.partner_id)

    # ------------------------------------------------------------------ business

    def _book_for(self, partner):
        """Book this slot for ``partner`` (the caller checked it is the person acting).

        The slot's row is updated first, so that two requests for one slot serialize: the
        second is retried by Odoo and finds the slot taken; the unique index on the booked
        slot is the database's own guarantee behind it.
        """
        self.ensure_one()
        slot = self.sudo()
        serialize_on(slot)
        event = slot.event_id
        event._parcours_check_open()
        if slot.start_datetime <= fields.Datetime.now():
            raise UserError(self.env._("This time slot has passed: choose a later one."))
        if slot.is_booked:
            raise UserError(self.env._("This time slot has just been booked by someone else: choose another one."))
        Booking = self.env["parcours.slot.booking"].sudo()
        mine = Booking.search([("event_id", "=", event.id), ("partner_id", "=", partner.id), ("state", "=", "booked")])
        if mine.filtered(lambda b: b.establishment_id == slot.establishment_id):
            raise UserError(
                self.env._(
                    "You already have a meeting with %(establishment)s on this day: cancel it to choose another time.",
                    establishment=slot.establishment_id.name,
                )
            )
        if mine.filtered(lambda b: b.start_datetime < slot.end_datetime and slot.start_datetime < b.end_datetime):
            raise UserError(self.env._("You already have a meeting at this time: choose another time."))
        registration = event.with_env(self.env)._parcours_register_partner(partner).sudo()
        booking = Booking.create(
            {
                "slot_id": slot.id,
                "partner_id": partner.id,
                "registration_id": registration.id,
                "pathway_id": registration.parcours_pathway_id.id,
            }
        )
        booking.message_post(body=self.env._("Booked by %(name)s.", name=partner.name), subtype_xmlid="mail.mt_note")
        return booking.with_env(self.env)

    def _time_label(self):
        """'lun. 14 déc., 10:20–10:40' in the event's time zone."""
        self.ensure_one()
        tz = self.event_id.date_tz or "Europe/Paris"
        start = format_datetime(self.env, self.start_datetime, tz=tz, dt_format="EEE d MMM, HH:mm")
        return f"{start}–{format_datetime(self.env, self.end_datetime, tz=tz, dt_format='HH:mm')}"

    def _meeting_url(self):
        self.ensure_one()
        return self.sudo().meeting_url or self.sudo().event_id.event_url or False

    @api.model
    def _demo_book_slots(self, event_id, partner_ids, reservist_user_id=None):
        """Demo: each person books the first free slot with a host in turn (the reservist's
        demo account too, so that the portal shows a booked meeting)."""
        # As for Odoo's own demo registrations: no mail scheduler run (it commits) while installing.
        self = self.with_context(install_mode=True)
        event = self.env["event.event"].browse(event_id)
        partners = self.env["res.partner"].browse(partner_ids)
        if reservist_user_id:
            partners |= self.env["res.users"].browse(reservist_user_id).partner_id
        hosts = event.parcours_host_ids
        booked = self.env["parcours.slot.booking"].search([("event_id", "=", event.id)]).partner_id
        for index, partner in enumerate(partners):
            if partner in booked:  # the demo loaded again by an update
                continue
            host = hosts[index % len(hosts)]
            slot = self.search(
                [("event_id", "=", event.id), ("establishment_id", "=", host.id), ("is_booked", "=", False)],
                offset=index,
                limit=1,
            )
            if slot:
                slot._book_for(partner)
        return True
