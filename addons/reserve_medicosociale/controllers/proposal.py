from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .email_link import (
    EMAIL_LINK_FILE_ROUTE,
    EMAIL_LINK_ROUTE,
    email_link_calendar_file,
    email_link_done_redirect,
    email_link_pressed,
    email_link_record,
    render_email_link_result,
)
from .portal import reserve_list_page

# What the page shows the person, by result: the details of the need (and the calendar file).
DETAILS_RESULTS = ("confirm", "accepted", "declined", "too_late")


class ReserveProposalController(http.Controller):
    @http.route("/reserve/proposition/<int:proposal_id>/<string:action>/<string:token>", **EMAIL_LINK_ROUTE)
    def proposal_answer(self, proposal_id, action, token, **kwargs):
        """The accept / decline link of the proposal e-mail (no login): opening it shows the
        need and a button; the button answers."""
        proposal = email_link_record("reserve.proposal", proposal_id)
        if not proposal:
            return render_email_link_result("reserve_medicosociale.proposal_answer_page", "invalid")
        pressed = email_link_pressed()
        if pressed == "pressed":
            # Answers of reserve.proposal._answer_from_link: accepted, declined, too_late, invalid, expired.
            result = proposal._answer_from_link(action, token)
            if result in ("accepted", "declined", "too_late"):
                return email_link_done_redirect()
        else:
            # Answers of reserve.proposal._answer_link_page: confirm, accepted, declined, too_late, invalid, expired.
            result = proposal._answer_link_page(action, token)
        values = {"action": action, "stale_form": pressed == "stale" and result == "confirm"}
        if result in DETAILS_RESULTS:
            values["details"] = proposal._answer_details()
        if result == "accepted":
            values["calendar_url"] = f"/reserve/proposition/{proposal.id}/accept/{token}/calendar.ics"
        return render_email_link_result("reserve_medicosociale.proposal_answer_page", result, **values)

    @http.route("/reserve/proposition/<int:proposal_id>/accept/<string:token>/calendar.ics", **EMAIL_LINK_FILE_ROUTE)
    def proposal_calendar(self, proposal_id, token, **kwargs):
        """The calendar file of the assignment of an accepted proposal, behind the accept link's token."""
        proposal = email_link_record("reserve.proposal", proposal_id)
        result = proposal._answer_link_page("accept", token) if proposal else "invalid"
        if result in ("invalid", "expired"):
            return render_email_link_result("reserve_medicosociale.proposal_answer_page", result)
        if result != "accepted":
            return request.not_found()
        return email_link_calendar_file(proposal._upcoming_assignment()._calendar_file(), "mission.ics")


class ReserveProposalPortal(CustomerPortal):
    """The reservist's own proposals and assignments on /my (record rules apply, never sudo)."""

    def _reserve_own_domain(self):
        # A member manager reads the proposals of their needs too: these pages are the person's own.
        return [("person_id.user_id", "=", request.env.uid)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("reserve_proposal_count", "reserve.proposal"),
            ("reserve_assignment_count", "reserve.assignment"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = Model.search_count(self._reserve_own_domain()) if Model.has_access("read") else 0
        return values

    def _render_reserve_list(self, model, url, page, records_key, page_name, template):
        """A /my page listing the user's own records of ``model``, a page at a time, in its order."""
        listing = reserve_list_page(model, self._reserve_own_domain(), url, page, self._items_per_page)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                records_key: listing["records"],
                "pager": listing["pager"],
                "pager_summary": listing["pager_summary"],
                "page_name": page_name,
            }
        )
        return request.render(template, values)

    @http.route(["/my/proposals", "/my/proposals/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_proposals(self, page=1, **kwargs):
        return self._render_reserve_list(
            "reserve.proposal",
            "/my/proposals",
            page,
            "proposals",
            "reserve_proposals",
            "reserve_medicosociale.portal_my_proposals",
        )

    @http.route(["/my/assignments", "/my/assignments/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_assignments(self, page=1, **kwargs):
        return self._render_reserve_list(
            "reserve.assignment",
            "/my/assignments",
            page,
            "assignments",
            "reserve_assignments",
            "reserve_medicosociale.portal_my_assignments",
        )
