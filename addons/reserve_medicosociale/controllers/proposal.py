from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .email_link import EMAIL_LINK_ROUTE, email_link_record, render_email_link_result


class ReserveProposalController(http.Controller):
    @http.route("/reserve/proposition/<int:proposal_id>/<string:action>/<string:token>", **EMAIL_LINK_ROUTE)
    def proposal_answer(self, proposal_id, action, token, **kwargs):
        """The one-click accept / decline link of the proposal e-mail (no login)."""
        proposal = email_link_record("reserve.proposal", proposal_id)
        # Answers of reserve.proposal._answer_from_link: accepted, declined, too_late, invalid, expired.
        if proposal and action in ("accept", "decline"):
            result = proposal._answer_from_link(action, token)
        else:
            result = "invalid"
        return render_email_link_result("reserve_medicosociale.proposal_answer_page", result)


class ReserveProposalPortal(CustomerPortal):
    """The reservist's proposals and assignments on /my (record rules apply, never sudo)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("reserve_proposal_count", "reserve.proposal"),
            ("reserve_assignment_count", "reserve.assignment"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = Model.search_count([]) if Model.has_access("read") else 0
        return values

    def _render_reserve_list(self, model, records_key, page_name, template):
        """A /my page listing the user's records of ``model``: 200 at most, in its order, as its record rules allow."""
        Model = request.env[model]
        records = Model.search([], limit=200) if Model.has_access("read") else Model
        values = self._prepare_portal_layout_values()
        values.update({records_key: records, "page_name": page_name})
        return request.render(template, values)

    @http.route("/my/proposals", type="http", auth="user", website=True)
    def portal_my_proposals(self, **kwargs):
        return self._render_reserve_list(
            "reserve.proposal", "proposals", "reserve_proposals", "reserve_medicosociale.portal_my_proposals"
        )

    @http.route("/my/assignments", type="http", auth="user", website=True)
    def portal_my_assignments(self, **kwargs):
        return self._render_reserve_list(
            "reserve.assignment", "assignments", "reserve_assignments", "reserve_medicosociale.portal_my_assignments"
        )
