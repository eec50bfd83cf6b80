from odoo import http

from .email_link import EMAIL_LINK_ROUTE, email_link_record, render_email_link_result


class ReserveAvailabilityController(http.Controller):
    @http.route("/reserve/encore-disponible/<int:person_id>/<string:token>", **EMAIL_LINK_ROUTE)
    def availability_still_available(self, person_id, token, **kwargs):
        """The one-click “still available” link of the reminder e-mail (no login)."""
        person = email_link_record("reserve.person", person_id)
        # Answers of reserve.person._confirm_availability_from_link: confirmed, reactivated, invalid, expired.
        result = person._confirm_availability_from_link(token) if person else "invalid"
        return render_email_link_result(
            "reserve_medicosociale.availability_still_available_page",
            result,
            person_name=person.name if result in ("confirmed", "reactivated") else False,
        )
