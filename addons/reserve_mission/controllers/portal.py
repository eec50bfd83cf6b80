from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal

from .mission import current_person

_lt = LazyTranslate(__name__)

DONE_MESSAGES = {
    "cancelled": _lt("Your participation is cancelled: thank you for telling the structure."),
}


class ReserveMissionPortal(CustomerPortal):
    """The volunteer's own missions on /my: participations, hours, testimonies, attestation."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mission_count" in counters:
            Participation = request.env["reserve.mission.participation"]
            values["mission_count"] = (
                Participation.search_count([("person_id.user_id", "=", request.env.uid)])
                if Participation.has_access("read")
                else 0
            )
        return values

    @http.route("/my/missions", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_missions(self, done=None, error=None, **kw):
        person = current_person()
        if not person:
            raise NotFound()
        # Record rules: the person's own participations only.
        participations = request.env["reserve.mission.participation"].search(
            [("person_id", "=", person.id)], order="state, create_date desc"
        )
        return request.render(
            "reserve_mission.portal_my_missions",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "reserve_missions",
                "person": person,
                "participations": participations,
                "done_hours": sum(participations.filtered(lambda p: p.state == "done").mapped("hours")),
                "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
                "error": error == "cancel" and request.env._("This participation can no longer be cancelled."),
            },
        )

    @http.route("/my/missions/<int:participation_id>/cancel", type="http", auth="user", website=True, methods=["POST"])
    def portal_mission_cancel(self, participation_id, **kw):
        person = current_person()
        participation = (
            request.env["reserve.mission.participation"].search(
                [("id", "=", participation_id), ("person_id", "=", person.id)], limit=1
            )
            if person
            else None
        )
        if not participation:
            raise NotFound()
        try:
            participation._portal_cancel()
        except UserError:
            return request.redirect("/my/missions?error=cancel")
        return request.redirect("/my/missions?done=cancelled")

    @http.route("/my/missions/attestation", type="http", auth="user", website=True, methods=["GET"])
    def portal_mission_attestation(self, **kw):
        person = current_person()
        if not person:
            raise NotFound()
        content, kind = request.env["ir.actions.report"]._render_qweb_pdf(
            "reserve_mission.action_report_mission_attestation", person.ids
        )
        # Odoo's test mode renders HTML instead of calling wkhtmltopdf: say what is sent.
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf" if kind == "pdf" else "text/html; charset=utf-8"),
                ("Content-Disposition", content_disposition(f"Attestation de bénévolat - {person.name}.pdf")),
                ("Cache-Control", "no-store"),
            ],
        )
