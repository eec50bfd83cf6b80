import datetime
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from odoo.addons.reserve_medicosociale.tools.row_lock import serialize_on

from .event_type import PARCOURS_KINDS

PARCOURS_USER_GROUP = "parcours_emploi.group_parcours_user"


class EventEvent(models.Model):
    """An event of the pathways to a job (Café de l'aide à domicile, "Vis ma vie"
    immersion, open day, breakfast, job dating, virtual recruitment day) on Odoo's Events:
    its host establishments, its publication on the portal, and for the virtual day the
    time slots each host offers and Odoo's online link (``event_url``)."""

    _inherit = "event.event"

    parcours_kind = fields.Selection(
        PARCOURS_KINDS,
        string="Pathway event",
        compute="_compute_parcours_kind",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Attending an event of these kinds records a step on the person's pathway to a job.",
    )
    parcours_host_ids = fields.Many2many(
        "res.partner",
        "parcours_event_host_rel",
        "event_id",
        "partner_id",
        string="Host establishments",
        domain=[("member_state", "=", "member")],
        help="The member establishments that host the event or recruit at it: their managers see "
        "the registrations, the bookings and the immersion agreements that concern them.",
    )
    parcours_is_published = fields.Boolean(
        string="Published on the portal",
        copy=False,
        help="People see the event on /my/parcours/events and register in one tap.",
    )
    parcours_slot_ids = fields.One2many("parcours.event.slot", "event_id", string="Time slots")
    parcours_slot_minutes = fields.Integer(string="Slot length (minutes)", default=20)
    parcours_slot_start = fields.Float(string="Slots from", default=9.0, help="Local time of the event.")
    parcours_slot_end = fields.Float(string="Slots until", default=12.0, help="Local time of the event.")
    parcours_booking_count = fields.Integer(compute="_compute_parcours_booking_count", string="Bookings")
    parcours_agreement_ids = fields.One2many("parcours.immersion.agreement", "event_id", string="Immersion agreements")

    _parcours_slot_minutes_positive = models.Constraint(
        "CHECK(parcours_slot_minutes IS NULL OR parcours_slot_minutes >= 5)",
        "A time slot lasts at least 5 minutes.",
    )

    @api.depends("event_type_id")
    def _compute_parcours_kind(self):
        for event in self:
            if event.event_type_id.parcours_kind:
                event.parcours_kind = event.event_type_id.parcours_kind

    def _compute_parcours_booking_count(self):
        counts = dict(
            self.env["parcours.slot.booking"]._read_group(
                [("event_id", "in", self.ids), ("state", "=", "booked")], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.parcours_booking_count = counts.get(event, 0)

    @api.constrains("parcours_slot_start", "parcours_slot_end", "parcours_kind")
    def _check_parcours_slot_hours(self):
        for event in self.filtered(lambda e: e.parcours_kind == "virtual_day"):
            if not 0 <= event.parcours_slot_start < event.parcours_slot_end <= 24:
                raise ValidationError(
                    self.env._(
                        "The time slots of %(event)s must start before they end, within the day.", event=event.name
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        virtual_types = self.env["event.type"].search([("parcours_kind", "=", "virtual_day")]).ids
        for vals in vals_list:
            # A virtual day is online: no place (Odoo's default is the company's address, which
            # would also clear the online link).
            if "address_id" not in vals and (
                vals.get("parcours_kind") == "virtual_day" or vals.get("event_type_id") in virtual_types
            ):
                vals["address_id"] = False
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions

    def action_parcours_generate_slots(self):
        """Time slots of the virtual day for each host establishment, from the first hour to
        the last in the event's time zone (e.g. 20 minutes from 9:00 to 12:00); the slots that
        exist already are kept."""
        self._check_parcours_staff()
        Slot = self.env["parcours.event.slot"]
        vals_list = []
        for event in self:
            if event.parcours_kind != "virtual_day":
                raise UserError(self.env._("Only a virtual recruitment day has time slots."))
            if not event.parcours_host_ids:
                raise UserError(self.env._("Add the host establishments before making their time slots."))
            day = fields.Datetime.context_timestamp(event.with_context(tz=event.date_tz), event.date_begin).date()
            existing = {(slot.establishment_id.id, slot.start_datetime) for slot in event.parcours_slot_ids}
            step = datetime.timedelta(minutes=event.parcours_slot_minutes)
            start = _local_to_utc(day, event.parcours_slot_start, event.date_tz)
            stop = _local_to_utc(day, event.parcours_slot_end, event.date_tz)
            while start + step <= stop:
                for host in event.parcours_host_ids:
                    if (host.id, start) not in existing:
                        vals_list.append(
                            {
                                "event_id": event.id,
                                "establishment_id": host.id,
                                "start_datetime": start,
                                "end_datetime": start + step,
                            }
                        )
                start += step
        return Slot.create(vals_list)

    def action_parcours_view_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("parcours_emploi.parcours_slot_booking_action")
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {"default_event_id": self.id}
        return action

    def action_parcours_register(self):
        """The signed-in person registers for this published event (one tap on the portal).
        A person without a pathway gets one. Registering again gives the same registration.

        :return: the event.registration
        """
        self.ensure_one()
        user = self.env.user
        if user._is_public():
            raise AccessError(self.env._("Sign in to register."))
        return self._parcours_register_partner(user.partner_id)

    # ------------------------------------------------------------------ business

    @api.model
    def _parcours_portal_domain(self):
        """The events people see on the portal: published, of a pathway kind, not over."""
        return [
            ("parcours_kind", "!=", False),
            ("parcours_is_published", "=", True),
            ("date_end", ">", fields.Datetime.now()),
        ]

    def _parcours_check_open(self):
        self.ensure_one()
        event = self.sudo()
        if not event.parcours_kind or not event.parcours_is_published:
            raise UserError(self.env._("This event is not open to registration on the portal."))
        if event.date_end <= fields.Datetime.now():
            raise UserError(self.env._("This event is over: registrations are closed."))

    def _parcours_register_partner(self, partner, establishment=None):
        """Register ``partner`` (the caller checked it is the person acting, or staff) with
        their pathway; the event row is updated first so that the last seat goes once."""
        self.ensure_one()
        event = self.sudo()
        serialize_on(event)
        event._parcours_check_open()
        Registration = self.env["event.registration"].sudo()
        registrations = Registration.search(
            [("event_id", "=", event.id), ("partner_id", "=", partner.id)], order="id desc"
        )
        registration = registrations.filtered(lambda r: r.state != "cancel")[:1] or registrations[:1]
        if registration and registration.state in ("open", "done", "draft"):
            return registration.with_env(self.env)
        if event.seats_limited and event.seats_max and event.seats_available <= 0:
            raise UserError(self.env._("This event is full. Ask the association to be told if a seat frees up."))
        pathway = self.env["parcours.pathway"]._get_or_create_for_partner(partner)
        values = {"state": "open", "parcours_pathway_id": pathway.id}
        if establishment:
            values["parcours_establishment_id"] = establishment.id
        if registration:
            registration.write(values)
        else:
            registration = Registration.create(
                {
                    "event_id": event.id,
                    "partner_id": partner.id,
                    "name": partner.name,
                    "email": partner.email,
                    "phone": partner.phone,
                    **values,
                }
            )
        return registration.with_env(self.env)

    def _parcours_local_range(self):
        """'mardi 15 décembre 2026, 09:00 – 12:00' in the event's time zone."""
        self.ensure_one()
        event = self.sudo()
        begin = format_datetime(self.env, event.date_begin, tz=event.date_tz, dt_format="EEEE d MMMM y, HH:mm")
        end = format_datetime(self.env, event.date_end, tz=event.date_tz, dt_format="HH:mm")
        if event.is_one_day:
            return f"{begin} – {end}"
        return (
            f"{begin} – {format_datetime(self.env, event.date_end, tz=event.date_tz, dt_format='EEEE d MMMM y, HH:mm')}"
        )

    @api.model
    def _demo_name_pathway_people(self, names):
        """Demo: XML ids for the contacts of the pathways' demo people ({new xmlid: pathway
        xmlid}), so that the events' demo registers people who already have a pathway."""
        for name, pathway_xmlid in names.items():
            pathway = self.env.ref(f"parcours_emploi.{pathway_xmlid}", raise_if_not_found=False)
            if pathway and not self.env.ref(f"parcours_emploi.{name}", raise_if_not_found=False):
                self.env["ir.model.data"].create(
                    {
                        "module": "parcours_emploi",
                        "name": name,
                        "model": "res.partner",
                        "res_id": pathway.partner_id.id,
                        "noupdate": True,
                    }
                )
        return True

    def _parcours_address_line(self):
        self.ensure_one()
        return one_line_address(self.sudo().address_id)

    def _is_parcours_staff(self):
        return self.env.su or self.env.user.has_group(PARCOURS_USER_GROUP)

    def _check_parcours_staff(self):
        if not self._is_parcours_staff():
            raise AccessError(self.env._("Only the association's pathway referents can do this."))


def one_line_address(partner):
    """The partner's address on one line, without the empty lines of Odoo's address format."""
    lines = partner._display_address(without_company=True).splitlines() if partner else []
    return ", ".join(line.strip(" ,") for line in lines if line.strip(" ,"))


def _local_to_utc(day, hour, tz):
    """Naive UTC datetime of ``hour`` (9.5 = 09:30, 24 = midnight after) on ``day`` in ``tz``."""
    minutes = round(hour * 60)
    local = datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(tz or "Europe/Paris"))
    local += datetime.timedelta(minutes=minutes)
    return local.astimezone(datetime.UTC).replace(tzinfo=None)
