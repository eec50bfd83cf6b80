from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# HTTP status of the page for each answer of reserve.proposal._answer_from_link.
RESULT_STATUS = {
    "accepted": 200,
    "declined": 200,
    "too_late": 200,
    "invalid": 403,
    "expired": 410,
}


class ReserveProposalController(http.Controller):
    @http.route(
        "/reserve/proposition/<int:proposal_id>/<string:action>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def proposal_answer(self, proposal_id, action, token, **kwargs):
        """The one-click accept / decline link of the proposal e-mail (no login)."""
        # The signed token is the credential: the model checks it before changing anything,
        # so reading the proposal as superuser is safe here.
        proposal = request.env["reserve.proposal"].sudo().browse(proposal_id).exists()
        if proposal and action in ("accept", "decline"):
            result = proposal._answer_from_link(action, token)
        else:
            result = "invalid"
        return request.render(
            "reserve_medicosociale.proposal_answer_page",
            {"result": result},
            status=RESULT_STATUS[result],
        )


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

    @http.route("/my/proposals", type="http", auth="user", website=True)
    def portal_my_proposals(self, **kwargs):
        Proposal = request.env["reserve.proposal"]
        proposals = Proposal.search([], limit=200) if Proposal.has_access("read") else Proposal
        values = self._prepare_portal_layout_values()
        values.update(proposals=proposals, page_name="reserve_proposals")
        return request.render("reserve_medicosociale.portal_my_proposals", values)

    @http.route("/my/assignments", type="http", auth="user", website=True)
    def portal_my_assignments(self, **kwargs):
        Assignment = request.env["reserve.assignment"]
        assignments = Assignment.search([], limit=200) if Assignment.has_access("read") else Assignment
        values = self._prepare_portal_layout_values()
        values.update(assignments=assignments, page_name="reserve_assignments")
        return request.render("reserve_medicosociale.portal_my_assignments", values)
