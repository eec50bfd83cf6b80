from odoo import http

from .email_link import EMAIL_LINK_ROUTE, email_link_record, render_email_link_result


class ReserveAssignmentController(http.Controller):
    @http.route("/reserve/mission/<int:assignment_id>/confirm/<string:token>", **EMAIL_LINK_ROUTE)
    def assignment_confirm(self, assignment_id, token, **kwargs):
        """The one-click confirmation link of the day-before reminder (no login)."""
        assignment = email_link_record("reserve.assignment", assignment_id)
        # Answers of reserve.assignment._confirm_from_link: confirmed, invalid, expired.
        result = assignment._confirm_from_link(token) if assignment else "invalid"
        return render_email_link_result("reserve_medicosociale.assignment_confirm_page", result)
