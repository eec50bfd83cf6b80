from odoo import http
from odoo.http import request

# HTTP status of the page for each answer of reserve.assignment._confirm_from_link.
RESULT_STATUS = {"confirmed": 200, "invalid": 403, "expired": 410}


class ReserveAssignmentController(http.Controller):
    @http.route(
        "/reserve/mission/<int:assignment_id>/confirm/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def assignment_confirm(self, assignment_id, token, **kwargs):
        """The one-click confirmation link of the day-before reminder (no login)."""
        # The signed token is the credential: the model checks it before changing anything,
        # so reading the assignment as superuser is safe here.
        assignment = request.env["reserve.assignment"].sudo().browse(assignment_id).exists()
        result = assignment._confirm_from_link(token) if assignment else "invalid"
        return request.render(
            "reserve_medicosociale.assignment_confirm_page",
            {"result": result},
            status=RESULT_STATUS[result],
        )
