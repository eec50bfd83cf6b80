from odoo import http

from .email_link import EMAIL_LINK_ROUTE, email_link_pressed, email_link_record, render_email_link_result


class ReserveAvailabilityController(http.Controller):
    @http.route("/reserve/encore-disponible/<int:person_id>/<string:token>", **EMAIL_LINK_ROUTE)
    def availability_still_available(self, person_id, token, **kwargs):
        """The “still available” link of the reminder e-mail (no login): opening it shows what
        will be confirmed and a button; the button confirms.

        The answer is shown at once, without a redirect: pressing again only confirms again.
        """
        person = email_link_record("reserve.person", person_id)
        if not person:
            return render_email_link_result("reserve_medicosociale.availability_still_available_page", "invalid")
        pressed = email_link_pressed()
        if pressed == "pressed":
            # Answers of reserve.person._confirm_availability_from_link: confirmed, reactivated, invalid, expired.
            result = person._confirm_availability_from_link(token)
        else:
            # Answers of reserve.person._availability_link_page: confirm, invalid, expired.
            result = person._availability_link_page(token)
        values = {"stale_form": pressed == "stale" and result == "confirm"}
        if result in ("confirm", "confirmed", "reactivated"):
            values["person_name"] = person.name
            values["summary"] = person._availability_summary()
        return render_email_link_result("reserve_medicosociale.availability_still_available_page", result, **values)
