from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import email_normalize
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.reserve_medicosociale.controllers.email_link import (
    EMAIL_LINK_ROUTE,
    email_link_done_redirect,
    email_link_pressed,
    email_link_record,
    render_email_link_result,
)
from odoo.addons.reserve_medicosociale.controllers.signup import ReserveSignup

_lt = LazyTranslate(__name__)

PAGE_SIZE = 12
RADIUS_CHOICES = (5, 10, 20, 30, 50)
# The days the list's date filter takes.
MIN_YEAR, MAX_YEAR = 1900, 9998
# The mission a visitor wanted to apply to, kept while they sign up.
SIGNUP_MISSION_KEY = "reserve_mission_signup"
DONE_MESSAGES = {
    "applied": _lt("Your application is sent: the structure will confirm it. You will get an e-mail."),
    "waitlist": _lt("The places are taken: you are on the waiting list and will be told if a place is free."),
    "already": _lt("You already applied to this mission."),
}


def _int(value):
    value = (value or "").strip() if isinstance(value, str) else value
    return int(value) if isinstance(value, str) and value.isdigit() else (value if isinstance(value, int) else False)


def current_person():
    """The signed-in user's reserve profile (record rules apply), or an empty recordset."""
    Person = request.env["reserve.person"]
    if request.env.user._is_public() or not Person.has_access("read"):
        return Person
    return Person.search([("user_id", "=", request.env.uid)], limit=1)


class ReserveMissionPublic(http.Controller):
    """The public pages of the volunteer missions: the list with its filters, a mission's
    page, and applying (signed in) in one tap."""

    def _public_mission(self, mission_id):
        """A mission anyone may read (published, not over), or the signed-in person's own
        (one they applied to); else an empty recordset."""
        # Public pages: the published missions are public information; the domain says which.
        Mission = request.env["reserve.mission"].sudo()
        mission = Mission.search([("id", "=", mission_id), *Mission._public_domain()], limit=1)
        if not mission:
            person = current_person()
            if person:
                mission = (
                    request.env["reserve.mission.participation"]
                    .search([("mission_id", "=", mission_id), ("person_id", "=", person.id)], limit=1)
                    .mission_id.sudo()
                )
        return mission

    def _list_filters(self, kw, person):
        """The filters typed, or for a volunteer their own commune and radius."""
        env = request.env
        Commune = env["reserve.commune"].sudo()
        commune = Commune.browse(_int(kw.get("commune_id")) or []).exists()
        commune_search = (kw.get("commune_search") or "").strip()
        communes = commune
        if not commune and commune_search:
            commune, communes = Commune._pick_typed(commune_search)
        radius = _int(kw.get("radius")) or False
        if not commune and not commune_search and "commune_id" not in kw and person.commune_id:
            commune, communes, radius = person.commune_id, person.commune_id, person.radius_km
        day, error = False, False
        if kw.get("date"):
            try:
                day = fields.Date.to_date(kw["date"])
                if not MIN_YEAR <= day.year <= MAX_YEAR:
                    # Local midnight of year 1 or 9999 is out of range in UTC.
                    raise ValueError(kw["date"])
            except ValueError:
                day = False
                error = env._("“%s” is not a date: choose one in the calendar.", kw["date"])
        activity = env["reserve.mission.activity"].sudo().browse(_int(kw.get("activity_id")) or []).exists()
        return {
            "commune": commune,
            "communes": communes,
            "commune_search": commune_search,
            "radius": radius or 20,
            "day": day,
            "activity": activity,
            "error": error,
        }

    @http.route("/reserve/missions", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def mission_list(self, page=1, **kw):
        person = current_person()
        filters = self._list_filters(kw, person)
        # Public list: published missions only (the domain), read with sudo.
        Mission = request.env["reserve.mission"].sudo()
        domain = Mission._search_public(filters["commune"], filters["radius"], filters["day"], filters["activity"])
        total = Mission.search_count(domain)
        url_args = {
            key: value
            for key, value in {
                "commune_id": filters["commune"].id or "",
                "radius": filters["radius"] if filters["commune"] else "",
                "date": kw.get("date") or "",
                "activity_id": filters["activity"].id or "",
            }.items()
            if value
        }
        pager = portal_pager(
            url="/reserve/missions", url_args=url_args, total=total, page=_int(page) or 1, step=PAGE_SIZE
        )
        missions = Mission.search(domain, limit=PAGE_SIZE, offset=pager["offset"])
        marks = {}
        if person and person.sudo()._is_mission_volunteer():
            missions, marks = missions._order_for_person(person.sudo())
        applied = {}
        if person:
            applied = {
                p.mission_id.id: p.state
                for p in request.env["reserve.mission.participation"].search(
                    [("person_id", "=", person.id), ("mission_id", "in", missions.ids), ("state", "!=", "cancelled")]
                )
            }
        return request.render(
            "reserve_mission.mission_list_page",
            {
                "missions": missions,
                "marks": marks,
                "applied": applied,
                "pager": pager,
                "total": total,
                "filters": filters,
                "form": {"commune_id": filters["commune"].id},
                "activities": request.env["reserve.mission.activity"].sudo().search([]),
                "radius_choices": RADIUS_CHOICES,
                "date_value": kw.get("date") or "",
                "person": person,
            },
        )

    @http.route(
        "/reserve/missions/<int:mission_id>", type="http", auth="public", website=True, methods=["GET"], sitemap=False
    )
    def mission_page(self, mission_id, done=None, error=None, **kw):
        mission = self._public_mission(mission_id)
        if not mission:
            return request.not_found()
        person = current_person()
        participation = request.env["reserve.mission.participation"]
        if person:
            participation = participation.search(
                [("mission_id", "=", mission.id), ("person_id", "=", person.id), ("state", "!=", "cancelled")], limit=1
            )
            if person.sudo().mission_after_login_id == mission:
                # Back on the mission they signed up for: nothing more to show after the next login.
                person.sudo().mission_after_login_id = False
        return request.render(
            "reserve_mission.mission_page",
            {
                "mission": mission,
                "person": person,
                "participation": participation,
                "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
                "error": error == "closed" and request.env._("This mission no longer takes volunteers."),
                "is_public_user": request.env.user._is_public(),
            },
        )

    @http.route(
        "/reserve/missions/<int:mission_id>/apply",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def mission_apply(self, mission_id, **kw):
        """One tap: the signed-in person applies. A visitor goes to sign in, and back."""
        mission = self._public_mission(mission_id)
        if not mission:
            return request.not_found()
        if request.env.user._is_public():
            return request.redirect(f"/web/login?redirect=/reserve/missions/{mission.id}")
        person = current_person()
        if not person:
            return request.redirect(f"/reserve/missions/{mission.id}/inscription")
        already = bool(
            request.env["reserve.mission.participation"].search_count(
                [("mission_id", "=", mission.id), ("person_id", "=", person.id), ("state", "!=", "cancelled")]
            )
        )
        try:
            # The signed-in person's own profile (found through the record rules above).
            participation = mission._apply(person.sudo())
        except UserError:
            return request.redirect(f"/reserve/missions/{mission.id}?error=closed")
        done = "already" if already else ("waitlist" if participation.state == "waitlist" else "applied")
        return request.redirect(f"/reserve/missions/{mission.id}?done={done}")

    @http.route(
        "/reserve/missions/<int:mission_id>/inscription",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def mission_signup(self, mission_id, **kw):
        """A visitor who wants to apply signs up, and comes back to the mission afterwards."""
        mission = self._public_mission(mission_id)
        if not mission:
            return request.not_found()
        if not request.env.user._is_public():
            return request.redirect(f"/reserve/missions/{mission.id}")
        request.session[SIGNUP_MISSION_KEY] = mission.id
        return request.redirect("/reserve/inscription?category=volunteer")

    # ------------------------------------------------------------------ "it happened" link

    @http.route("/reserve/mission/happened/<int:participation_id>/<string:token>", **EMAIL_LINK_ROUTE)
    def mission_happened(self, participation_id, token, **kw):
        """The link of the mail after the mission: opening it shows the mission and a button
        (scanners open links); the button records that it happened."""
        participation = email_link_record("reserve.mission.participation", participation_id)
        template = "reserve_mission.mission_happened_page"
        if not participation:
            return render_email_link_result(template, "invalid")
        check = participation._check_happened_token(token)
        if check != "valid":
            return render_email_link_result(template, check)
        pressed = email_link_pressed()
        if pressed == "pressed":
            result = participation._confirm_happened()
            if result == "done":
                return email_link_done_redirect()
        else:
            result = participation._happened_status()
        return render_email_link_result(
            template,
            result,
            participation=participation,
            stale_form=pressed == "stale" and result == "confirm",
        )


class ReserveSignupMission(ReserveSignup):
    """The reserve's signup keeps the mission a visitor wanted to apply to: once their
    account is activated, signing in brings them back to it (see controllers/web.py)."""

    @http.route()
    def reserve_signup_submit(self, **form):
        response = super().reserve_signup_submit(**form)
        mission_id = request.session.get(SIGNUP_MISSION_KEY)
        if mission_id and getattr(response, "location", "").endswith("/reserve/inscription/merci"):
            request.session.pop(SIGNUP_MISSION_KEY, None)
            email = email_normalize(form.get("email") or "")
            # Public signup: the profile created by this very request (same transaction), and
            # no other, is told where to come back; an address already known is left alone.
            Person = request.env["reserve.person"].sudo()
            person = Person.search(
                [("partner_id.email_normalized", "=", email), ("create_date", ">=", request.env.cr.now())],
                limit=1,
            )
            mission = request.env["reserve.mission"].sudo().browse(mission_id).exists()
            if email and person and mission:
                person.mission_after_login_id = mission
        return response
