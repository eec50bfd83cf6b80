from odoo import http

from .email_link import (
    EMAIL_LINK_FILE_ROUTE,
    EMAIL_LINK_ROUTE,
    email_link_calendar_file,
    email_link_done_redirect,
    email_link_pressed,
    email_link_record,
    render_email_link_result,
)


class ReserveAssignmentController(http.Controller):
    @http.route("/reserve/mission/<int:assignment_id>/confirm/<string:token>", **EMAIL_LINK_ROUTE)
    def assignment_confirm(self, assignment_id, token, **kwargs):
        """The confirmation link of the day-before reminder (no login): opening it shows the
        assignment and a button; the button confirms."""
        assignment = email_link_record("reserve.assignment", assignment_id)
        if not assignment:
            return render_email_link_result("reserve_medicosociale.assignment_confirm_page", "invalid")
        pressed = email_link_pressed()
        if pressed == "pressed":
            # Answers of reserve.assignment._confirm_from_link: confirmed, invalid, expired.
            result = assignment._confirm_from_link(token)
            if result == "confirmed":
                return email_link_done_redirect()
        else:
            # Answers of reserve.assignment._confirm_link_page: confirm, confirmed, invalid, expired.
            result = assignment._confirm_link_page(token)
        values = {"stale_form": pressed == "stale" and result == "confirm"}
        if result in ("confirm", "confirmed"):
            values["details"] = assignment._confirm_details()
            values["calendar_url"] = f"/reserve/mission/{assignment.id}/confirm/{token}/calendar.ics"
        return render_email_link_result("reserve_medicosociale.assignment_confirm_page", result, **values)

    @http.route("/reserve/mission/<int:assignment_id>/confirm/<string:token>/calendar.ics", **EMAIL_LINK_FILE_ROUTE)
    def assignment_calendar(self, assignment_id, token, **kwargs):
        """The calendar file of the assignment, behind the reminder link's token."""
        assignment = email_link_record("reserve.assignment", assignment_id)
        result = assignment._confirm_link_page(token) if assignment else "invalid"
        if result not in ("confirm", "confirmed"):
            return render_email_link_result("reserve_medicosociale.assignment_confirm_page", result)
        return email_link_calendar_file(assignment._calendar_file(), "mission.ics")
