from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.reserve_medicosociale.tools.http_records import readable_or_404


class FormationAttendance(http.Controller):
    """The trainer's attendance page, made for a phone: one half-day, each attendee present
    or absent (with the reason)."""

    def _session_or_404(self, session_id):
        session = readable_or_404("event.event", session_id)
        if not session.is_training or not (session._is_training_manager() or request.env.user in session.trainer_ids):
            raise NotFound()
        return session

    @http.route(
        ["/formation/attendance/<int:session_id>", "/formation/attendance/<int:session_id>/<int:half_day_id>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def attendance_page(self, session_id, half_day_id=None, saved=None, error=None, **kw):
        session = self._session_or_404(session_id)
        session._ensure_attendance_lines()
        half_days = session.half_day_ids
        half_day = half_days.filtered(lambda h: h.id == half_day_id) if half_day_id else half_days[:1]
        if half_day_id and not half_day:
            raise NotFound()
        lines = session.attendance_ids.filtered(
            lambda a: a.half_day_id == half_day and a.registration_id.state in ("open", "done")
        ).sorted("attendee_name")
        return request.render(
            "formation_mutualisee.attendance_page",
            {
                "session": session,
                "half_days": half_days,
                "half_day": half_day,
                "lines": lines,
                "reasons": request.env["formation.attendance"]
                ._fields["absence_reason"]
                ._description_selection(request.env),
                "saved": saved,
                "error": error,
                "editable": session.training_state in ("open", "confirmed"),
            },
        )

    @http.route(
        "/formation/attendance/<int:session_id>/<int:half_day_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def attendance_save(self, session_id, half_day_id, **post):
        session = self._session_or_404(session_id)
        url = f"/formation/attendance/{session.id}/{half_day_id}"
        lines = session.attendance_ids.filtered(lambda a: a.half_day_id.id == half_day_id)
        if not lines:
            raise NotFound()
        answers = []
        for line in lines:
            state = post.get(f"state_{line.id}")
            if state not in ("present", "absent"):
                continue
            reason = post.get(f"reason_{line.id}") or False
            if state == "absent" and not reason:
                # Nothing is saved: the trainer gets the page back with the message.
                message = request.env._("Give the reason of the absence of %(name)s.", name=line.attendee_name)
                return request.redirect(url + "?" + url_encode({"error": message}))
            answers.append((line, state, reason, post.get(f"note_{line.id}") or False))
        try:
            for line, state, reason, note in answers:
                line.action_mark(state, reason, note)
        except (UserError, AccessError) as error:
            return request.redirect(url + "?" + url_encode({"error": error.args[0]}))
        marked = len(answers)
        return request.redirect(url + "?" + url_encode({"saved": marked}))
