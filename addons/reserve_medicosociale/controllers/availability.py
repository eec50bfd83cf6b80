from odoo import http
from odoo.http import request

# HTTP status of the page for each answer of reserve.person._confirm_availability_from_link.
RESULT_STATUS = {
    "confirmed": 200,
    "reactivated": 200,
    "invalid": 403,
    "expired": 410,
}


class ReserveAvailabilityController(http.Controller):
    @http.route(
        "/reserve/encore-disponible/<int:person_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def availability_still_available(self, person_id, token, **kwargs):
        """The one-click “still available” link of the reminder e-mail (no login)."""
        # The signed token is the credential: the model checks it before changing anything,
        # so reading the profile as superuser is safe here.
        person = request.env["reserve.person"].sudo().browse(person_id).exists()
        result = person._confirm_availability_from_link(token) if person else "invalid"
        values = {
            "result": result,
            "person_name": person.name if result in ("confirmed", "reactivated") else False,
        }
        return request.render(
            "reserve_medicosociale.availability_still_available_page",
            values,
            status=RESULT_STATUS[result],
        )
