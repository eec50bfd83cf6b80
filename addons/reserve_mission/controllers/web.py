from odoo.http import request

from odoo.addons.web.controllers.home import Home


class ReserveMissionHome(Home):
    def _login_redirect(self, uid, redirect=None):
        """A volunteer who signed up to apply to a mission comes back to it when they sign in
        (the first time: it is forgotten once they see it)."""
        if not redirect:
            # The signed-in user's own profile only.
            person = request.env["reserve.person"].sudo().search([("user_id", "=", uid)], limit=1)
            mission = person.mission_after_login_id
            if mission and mission.state == "published":
                redirect = f"/reserve/missions/{mission.id}"
        return super()._login_redirect(uid, redirect=redirect)
