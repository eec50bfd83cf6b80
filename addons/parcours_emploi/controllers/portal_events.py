import binascii
import datetime
import unicodedata

from psycopg2.errors import UniqueViolation
from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.reserve_medicosociale.tools.http_records import readable_or_404

_lt = LazyTranslate(__name__)

# Messages shown after a redirect, keyed by the `done` query parameter (never echoed).
DONE_MESSAGES = {
    "registered": _lt("You are registered. See you there!"),
    "booked": _lt("Your meeting is booked: the video link is below."),
    "cancelled": _lt("Your booking is cancelled: the time slot is free again for others."),
    "signed": _lt("Thank you: your signature is recorded."),
    "attended": _lt("Marked as attended: the step is recorded on the person's pathway."),
    "absent": _lt("Marked as absent."),
}
ATTENDANCE_ERRORS = (UserError, AccessError, ValidationError)


def french_sort_key(name):
    """Accents and case set aside, then accents as a tie-break: Léa, Lea and Louis in that order."""
    text = name or ""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.casefold(), text.casefold()


# The hosted events a manager sees on the portal: from this many days back, and the upcoming ones.
HOSTED_EVENTS_DAYS = 60
BOOKING_ERRORS = (UserError, AccessError, ValidationError)
SIGNING_ERRORS = (UserError, ValidationError, AccessError, MissingError, TypeError, ValueError, binascii.Error)


class ParcoursEventsPortal(CustomerPortal):
    """The events of the pathways to a job on /my: the upcoming published events and one-tap
    registration, the time slots of a virtual recruitment day, and the immersion agreements
    that the person and the host establishment's manager sign.

    Every record is found as the signed-in user (record rules: a person's own, an
    establishment's own); another's URL answers 404. What is shown is read as superuser once
    access was checked, for the places and hosts a person may not read otherwise.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "parcours_event_count" in counters:
            Event = request.env["event.event"]
            values["parcours_event_count"] = (
                Event.search_count(Event._parcours_portal_domain()) if Event.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------ helpers

    def _parcours_event_or_404(self, event_id):
        event = readable_or_404("event.event", event_id)
        if not event.parcours_kind:
            raise NotFound()
        return event

    @staticmethod
    def _parcours_hosted_domain():
        """The pathway events hosted by the signed-in manager's establishments, where attendance
        is marked (not the virtual days: their meetings are the bookings)."""
        since = fields.Datetime.now() - datetime.timedelta(days=HOSTED_EVENTS_DAYS)
        return [
            ("parcours_kind", "not in", (False, "virtual_day")),
            ("parcours_host_ids.member_manager_ids", "in", [request.env.uid]),
            ("date_end", ">=", since),
        ]

    @staticmethod
    def _parcours_to_mark_counts(events):
        """{event id: confirmed registrations the user sees and that are not marked yet}, in one query."""
        if not events:
            return {}
        groups = request.env["event.registration"]._read_group(
            [
                ("event_id", "in", events.ids),
                ("state", "=", "open"),
                ("parcours_attendance", "=", False),
            ],
            ["event_id"],
            ["__count"],
        )
        return {event.id: count for event, count in groups}

    @staticmethod
    def _redirect(url, **query):
        return request.redirect(url + ("?" + url_encode(query) if query else ""))

    @staticmethod
    def _done_message(done):
        return str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False

    # ------------------------------------------------------------------ events

    @http.route("/my/parcours/events", type="http", auth="user", website=True, methods=["GET"])
    def portal_parcours_events(self, done=None, error=None, **kw):
        env = request.env
        partner = env.user.partner_id
        events = env["event.event"].search(env["event.event"]._parcours_portal_domain(), order="date_begin")
        registrations = env["event.registration"].search(
            [("parcours_kind", "!=", False), ("partner_id", "=", partner.id), ("state", "!=", "cancel")],
            order="id desc",
            limit=40,
        )
        agreements = env["parcours.immersion.agreement"].search(
            [("state", "in", ("to_sign", "signed"))], order="immersion_date desc", limit=40
        )
        hosted_events = env["event.event"].search(self._parcours_hosted_domain(), order="date_begin desc", limit=20)
        # Those begun first, where attendance is to mark now, then the upcoming ones, soonest first.
        now = fields.Datetime.now()
        begun = hosted_events.filtered(lambda e: e.date_begin <= now)
        hosted_events = begun + (hosted_events - begun).sorted("date_begin")
        return request.render(
            "parcours_emploi.portal_parcours_events",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "parcours_events",
                "events": events.sudo(),
                "registered_event_ids": set(registrations.event_id.ids),
                "registrations": registrations.sudo(),
                "agreements": agreements.sudo(),
                "agreements_to_sign": {a.id for a in agreements if a._signatures_due()},
                "hosted_events": hosted_events.sudo(),
                "to_mark_counts": self._parcours_to_mark_counts(hosted_events),
                "begun_event_ids": set(begun.ids),
                "done_message": self._done_message(done),
                "error": error,
            },
        )

    @http.route("/my/parcours/events/<int:event_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_parcours_event(self, event_id, done=None, error=None, **kw):
        event = self._parcours_event_or_404(event_id)
        env = request.env
        partner = env.user.partner_id
        event_sudo = event.sudo()
        registration = (
            env["event.registration"]
            .sudo()
            .search([("event_id", "=", event.id), ("partner_id", "=", partner.id), ("state", "!=", "cancel")], limit=1)
        )
        bookings = (
            env["parcours.slot.booking"]
            .sudo()
            .search([("event_id", "=", event.id), ("partner_id", "=", partner.id), ("state", "=", "booked")])
        )
        hosts_slots = []
        if event_sudo.parcours_kind == "virtual_day":
            now = fields.Datetime.now()
            booked_hosts = bookings.establishment_id
            free = event_sudo.parcours_slot_ids.filtered(
                lambda s: (
                    not s.is_booked
                    and s.start_datetime > now
                    # Not at the time of one of the person's own meetings.
                    and not any(
                        b.start_datetime < s.end_datetime and s.start_datetime < b.end_datetime for b in bookings
                    )
                )
            )
            for host in event_sudo.parcours_host_ids:
                hosts_slots.append(
                    {
                        "host": host,
                        "slots": free.filtered(lambda s, h=host: s.establishment_id == h),
                        "booked": host in booked_hosts,
                    }
                )
        return request.render(
            "parcours_emploi.portal_parcours_event",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "parcours_event",
                "event": event_sudo,
                "registration": registration,
                "bookings": bookings,
                "hosts_slots": hosts_slots,
                "is_open": event_sudo.parcours_is_published and event_sudo.date_end > fields.Datetime.now(),
                "done_message": self._done_message(done),
                "error": error,
            },
        )

    @http.route("/my/parcours/events/<int:event_id>/register", type="http", auth="user", website=True, methods=["POST"])
    def portal_parcours_event_register(self, event_id, **post):
        event = self._parcours_event_or_404(event_id)
        url = f"/my/parcours/events/{event.id}"
        try:
            with request.env.cr.savepoint():
                event.action_parcours_register()
        except BOOKING_ERRORS as error:
            return self._redirect(url, error=error.args[0])
        return self._redirect(url, done="registered")

    @http.route("/my/parcours/slots/<int:slot_id>/book", type="http", auth="user", website=True, methods=["POST"])
    def portal_parcours_slot_book(self, slot_id, **post):
        slot = readable_or_404("parcours.event.slot", slot_id)
        url = f"/my/parcours/events/{slot.event_id.id}"
        try:
            with request.env.cr.savepoint():
                slot.action_book()
        except UniqueViolation:
            # The database's guarantee behind the row lock: the slot went to someone else.
            return self._redirect(
                url, error=request.env._("This time slot has just been booked by someone else: choose another one.")
            )
        except BOOKING_ERRORS as error:
            return self._redirect(url, error=error.args[0])
        return self._redirect(url, done="booked")

    @http.route(
        "/my/parcours/bookings/<int:booking_id>/cancel", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_parcours_booking_cancel(self, booking_id, **post):
        booking = readable_or_404("parcours.slot.booking", booking_id)
        url = f"/my/parcours/events/{booking.event_id.id}"
        try:
            with request.env.cr.savepoint():
                booking.action_cancel()
        except BOOKING_ERRORS as error:
            return self._redirect(url, error=error.args[0])
        return self._redirect(url, done="cancelled")

    # ------------------------------------------------------------------ attendance by the host

    @http.route("/my/parcours/hosted/<int:event_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_parcours_hosted_event(self, event_id, done=None, error=None, **kw):
        """The people registered with the user's establishment for an event it hosts, to mark
        who came. Another establishment's event answers 404."""
        event = request.env["event.event"].search([("id", "=", event_id), *self._parcours_hosted_domain()])
        if not event:
            raise NotFound()
        # As the user: the record rules keep the registrations of their own establishment.
        registrations = request.env["event.registration"].search(
            [("event_id", "=", event.id), ("state", "in", ("open", "done"))], order="name, id"
        )
        # By name as a French reader sorts them (Léa before Louis), whatever the database's collation.
        registrations = registrations.sorted(lambda r: (french_sort_key(r.name), r.id))
        return request.render(
            "parcours_emploi.portal_parcours_hosted_event",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "parcours_hosted_event",
                "event": event.sudo(),
                "registrations": registrations,
                "has_begun": event.sudo().date_begin <= fields.Datetime.now(),
                "done_message": self._done_message(done),
                "error": error,
            },
        )

    @http.route(
        "/my/parcours/registrations/<int:registration_id>/attendance",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_parcours_registration_attendance(self, registration_id, attendance=None, **post):
        registration = readable_or_404("event.registration", registration_id)
        url = f"/my/parcours/hosted/{registration.event_id.id}"
        try:
            with request.env.cr.savepoint():
                # As the user: the model says who marks what, for this route and the API alike.
                registration.write({"parcours_attendance": attendance})
        except ATTENDANCE_ERRORS as error:
            return self._redirect(url, error=error.args[0])
        return self._redirect(url, done=attendance)

    # ------------------------------------------------------------------ immersion agreements

    @http.route("/my/parcours/immersions/<int:agreement_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_parcours_immersion(self, agreement_id, done=None, **kw):
        agreement = readable_or_404("parcours.immersion.agreement", agreement_id)
        if agreement.state == "draft" and "establishment" not in agreement._signing_parties_of():
            # A draft is the association's and the establishment's work in progress.
            raise NotFound()
        due = agreement._signatures_due()
        sign_party = due[0] if due else False
        agreement_sudo = agreement.sudo()
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "parcours_immersion",
            "agreement": agreement_sudo,
            "sign_party": sign_party,
            "sign_url": f"/my/parcours/immersions/{agreement.id}/sign/{sign_party}" if sign_party else False,
            "signer_name": request.env.user.name,
            "done_message": self._done_message(done),
        }
        return request.render("parcours_emploi.portal_parcours_immersion", values)

    @http.route(
        "/my/parcours/immersions/<int:agreement_id>/pdf", type="http", auth="user", website=True, methods=["GET"]
    )
    def portal_parcours_immersion_pdf(self, agreement_id, download=None, **kw):
        agreement = readable_or_404("parcours.immersion.agreement", agreement_id)
        return self._show_report(
            model=agreement.sudo(),
            report_type="pdf",
            report_ref="parcours_emploi.action_report_immersion_agreement",
            download=download,
        )

    @http.route(
        "/my/parcours/immersions/<int:agreement_id>/sign/<string:party>", type="jsonrpc", auth="user", website=True
    )
    def portal_parcours_immersion_sign(self, agreement_id, party, name=None, signature=None, **kw):
        """Odoo's signature form posts here: the name and the drawn or typed signature (base64 PNG)."""
        agreement = readable_or_404("parcours.immersion.agreement", agreement_id)
        env = request.env
        try:
            with env.cr.savepoint():
                # As the signed-in user: the model checks that they sign for their own side.
                agreement._sign(party, name, signature, request.httprequest.remote_addr)
        except SIGNING_ERRORS as error:
            if isinstance(error, (UserError, AccessError, ValidationError)) and error.args:
                return {"error": error.args[0]}
            return {"error": env._("The signature could not be read: sign again.")}
        return {
            "force_refresh": True,
            "redirect_url": f"/my/parcours/immersions/{agreement.id}?done=signed",
        }
