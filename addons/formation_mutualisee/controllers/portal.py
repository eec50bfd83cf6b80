from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.reserve_medicosociale.tools.http_records import readable_or_404

_lt = LazyTranslate(__name__)

MEMBER_MANAGER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_member_manager"
DONE_MESSAGES = {
    "cancelled": _lt("The registration is cancelled."),
    "registered": _lt("You are registered: a confirmation e-mail with the calendar file is on its way."),
    "waitlisted": _lt("The session is full: you are on its waitlist and will get an e-mail if a seat frees up."),
    "offered": _lt("Thank you: the training managers will check your offer and open the session to the other members."),
}


class FormationPortal(CustomerPortal):
    """The shared trainings on /my: the catalogue, a session's page where a member's manager
    books seats for employees and a reservist registers, the registrations, the statements."""

    # ------------------------------------------------------------------ helpers

    def _is_member_manager(self):
        return request.env.user.has_group(MEMBER_MANAGER_GROUP)

    def _managed_members(self):
        if not self._is_member_manager():
            return request.env["res.partner"]
        return (
            request.env["res.partner"]
            .sudo()
            .search([("member_manager_ids", "in", [request.env.uid]), ("member_state", "=", "member")])
        )

    def _own_person(self):
        return request.env["reserve.person"].search([("user_id", "=", request.env.uid)], limit=1)

    def _registrations_domain(self):
        return [("is_training", "=", True)]

    def _bookable_sessions_domain(self):
        return [
            ("is_training", "=", True),
            ("event_type_id.is_published", "=", True),
            ("training_state", "in", ("open", "confirmed")),
            ("date_begin", ">", fields.Datetime.now()),
        ]

    def _session_or_404(self, session_id):
        session = readable_or_404("event.event", session_id)
        if not session.is_training:
            raise NotFound()
        return session

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "training_count" in counters:
            Session = request.env["event.event"]
            shown = self._is_member_manager() or self._own_person()
            values["training_count"] = (
                Session.search_count(self._bookable_sessions_domain()) if shown and Session.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------ pages

    @http.route("/my/trainings", type="http", auth="user", website=True, methods=["GET"])
    def portal_trainings(self, done=None, error=None, **kw):
        sessions = request.env["event.event"].search(self._bookable_sessions_domain(), order="date_begin")
        registrations = request.env["event.registration"].search(
            [("is_training", "=", True), ("state", "!=", "cancel")], order="id desc", limit=80
        )
        statements = request.env["formation.cost.statement"]
        if self._is_member_manager():
            statements = statements.search([], order="date_from desc", limit=24)
        return request.render(
            "formation_mutualisee.portal_my_trainings",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "formation_trainings",
                # Found as the user (record rules); shown as superuser, for the place and organiser
                # (company contacts a reservist may not read).
                "sessions": sessions.sudo(),
                "registrations": registrations.sudo(),
                "statements": statements,
                "is_member_manager": self._is_member_manager(),
                "managed_members": self._managed_members(),
                "catalogue": request.env["event.type"].search(
                    [("is_training", "=", True), ("is_published", "=", True)]
                ),
                "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
                "error": error,
            },
        )

    @http.route("/my/trainings/session/<int:session_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_training_session(self, session_id, done=None, error=None, **kw):
        session = self._session_or_404(session_id)
        members = self._managed_members()
        registered = session.sudo().registration_ids.filtered(lambda r: r.state != "cancel")
        employees = request.env["reserve.person"]
        free_by_member = {}
        if members:
            employees = request.env["reserve.person"].search(
                [("employer_id", "in", members.ids), ("state", "not in", ("archived",))], order="name"
            )
            employees -= registered.person_id
            free_by_member = {member.id: session.sudo()._free_seats_for(member) for member in members}
        person = self._own_person()
        return request.render(
            "formation_mutualisee.portal_training_session",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "formation_session",
                # Readable by the user (checked above): shown as superuser, as on the list.
                "session": session.sudo(),
                "training": session.sudo().event_type_id,
                "members": members,
                "employees": employees,
                "free_by_member": free_by_member,
                "person": person,
                "own_registration": registered.filtered(lambda r: person and r.person_id == person)[:1],
                "free_for_self": session.sudo()._free_seats_for(request.env["res.partner"]),
                "is_bookable": session.training_state in ("open", "confirmed")
                and (not session.registration_deadline or fields.Datetime.now() <= session.registration_deadline),
                "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
                "booked_message": kw.get("booked"),
                "error": error,
            },
        )

    @http.route("/my/trainings/session/<int:session_id>/book", type="http", auth="user", website=True, methods=["POST"])
    def portal_training_book(self, session_id, **post):
        session = self._session_or_404(session_id)
        url = f"/my/trainings/session/{session.id}"
        try:
            member_id = int(post.get("member_id") or 0)
            person_ids = [int(value) for value in request.httprequest.form.getlist("person_ids")]
        except ValueError:
            return request.redirect(url + "?" + url_encode({"error": request.env._("Choose the people to register.")}))
        if not person_ids:
            return request.redirect(url + "?" + url_encode({"error": request.env._("Choose the people to register.")}))
        try:
            result = session.action_book(person_ids, member_id)
        except (UserError, AccessError, ValidationError) as error:
            return request.redirect(url + "?" + url_encode({"error": error.args[0]}))
        message = request.env._(
            "%(registered)s registered, %(waitlisted)s on the waitlist.",
            registered=len(result["registered"]),
            waitlisted=len(result["waitlisted"]),
        )
        return request.redirect(url + "?" + url_encode({"booked": message}))

    @http.route(
        "/my/trainings/session/<int:session_id>/register", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_training_register(self, session_id, **post):
        session = self._session_or_404(session_id)
        url = f"/my/trainings/session/{session.id}"
        try:
            result = session.action_register_self()
        except (UserError, AccessError, ValidationError) as error:
            return request.redirect(url + "?" + url_encode({"error": error.args[0]}))
        return request.redirect(url + "?done=" + ("registered" if result["registered"] else "waitlisted"))

    @http.route(
        "/my/trainings/registration/<int:registration_id>/cancel",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_training_cancel(self, registration_id, **post):
        registration = readable_or_404("event.registration", registration_id)
        try:
            registration.action_cancel_booking()
        except (UserError, AccessError) as error:
            return request.redirect("/my/trainings?" + url_encode({"error": error.args[0]}))
        return request.redirect("/my/trainings?done=cancelled")

    @http.route(
        "/my/trainings/registration/<int:registration_id>/certificate",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_training_certificate(self, registration_id, **kw):
        registration = readable_or_404("event.registration", registration_id)
        if registration.certificate_state != "issued":
            raise NotFound()
        # Read access was checked above: the PDF is rendered as superuser.
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("formation_mutualisee.action_report_certificate", [registration.id])
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", f'inline; filename="attestation-{registration.id}.pdf"'),
            ],
        )

    @http.route("/my/trainings/offer", type="http", auth="user", website=True, methods=["POST"])
    def portal_training_offer(self, **post):
        if not self._is_member_manager():
            raise NotFound()
        try:
            request.env["event.event"].action_offer_member_seats(
                int(post.get("member_id") or 0),
                int(post.get("training_id") or 0),
                post.get("first_day"),
                post.get("day_count"),
                post.get("seat_count"),
            )
        except ValueError:
            message = request.env._("Give the first day, the number of days and the number of seats.")
            return request.redirect("/my/trainings?" + url_encode({"error": message}))
        except (UserError, AccessError, ValidationError) as error:
            return request.redirect("/my/trainings?" + url_encode({"error": error.args[0]}))
        return request.redirect("/my/trainings?done=offered")
