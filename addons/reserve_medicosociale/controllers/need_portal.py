from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.reserve_need import MAX_PORTAL_SHIFTS, MAX_WAVE_SIZE
from .portal import reserve_list_page

_lt = LazyTranslate(__name__)

MEMBER_MANAGER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_member_manager"

DONE_MESSAGES = {
    "published": _lt("Your need is published: the coordinators look for people to send you."),
    "proposed": _lt(
        "The people you chose are asked by e-mail. Each one answers with one click; those who accept show here."
    ),
}


class ReserveNeedPortal(CustomerPortal):
    """A member manager posts reinforcement needs and follows them on /my/needs."""

    def _is_need_manager(self):
        return request.env.user.has_group(MEMBER_MANAGER_GROUP)

    def _needs_domain(self):
        return [("establishment_id.member_manager_ids", "in", [request.env.uid])]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "need_count" in counters:
            values["need_count"] = (
                request.env["reserve.need"].search_count(self._needs_domain()) if self._is_need_manager() else 0
            )
        return values

    @http.route(["/my/needs", "/my/needs/page/<int:page>"], type="http", auth="user", website=True, methods=["GET"])
    def portal_my_needs(self, page=1, **kw):
        if not self._is_need_manager():
            raise NotFound()
        listing = reserve_list_page(
            "reserve.need",
            self._needs_domain(),
            "/my/needs",
            page,
            self._items_per_page,
            order="create_date desc, id desc",
        )
        return request.render(
            "reserve_medicosociale.portal_my_needs",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "reserve_needs",
                "needs": listing["records"],
                "pager": listing["pager"],
                "pager_summary": listing["pager_summary"],
            },
        )

    def _need_get(self, need_id):
        """The need, as the current user reads it; a need they may not read is not found."""
        if not self._is_need_manager():
            raise NotFound()
        try:
            # Record rules decide, as for every portal document.
            self._document_check_access("reserve.need", need_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        return request.env["reserve.need"].browse(need_id)

    def _need_render(self, need, done=None, error=False, status=200):
        state_labels = dict(request.env["reserve.proposal"]._fields["state"]._description_selection(request.env))
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "reserve_need",
            "need": need,
            "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
            "error": error,
            "proposals": [
                {
                    "name": need._short_person_name(proposal.person_id.name),
                    "state": proposal.state,
                    "state_label": state_labels.get(proposal.state, proposal.state),
                    "wave": proposal.wave,
                }
                for proposal in need.proposal_ids.sorted(lambda p: (p.wave, p.id))
            ],
            # When establishments send proposals themselves: the ranked people, to ask.
            "show_ranking": need.can_send_proposals and need.state in ("open", "partly_filled"),
            "ranking": [],
            "ranking_error": False,
            "max_wave_size": MAX_WAVE_SIZE,
        }
        if values["show_ranking"]:
            try:
                values["ranking"] = need._ranking_for_manager()
            except UserError as ranking_error:
                values["ranking_error"] = ranking_error.args[0]
        # Why the list is short (counts only): for every open need short of people.
        values["funnel_html"] = False
        if need.state in ("open", "partly_filled") and not values["ranking_error"]:
            try:
                funnel = need._funnel()
            except UserError:
                funnel = None
            if funnel and funnel["is_short"]:
                values["funnel_html"] = need._funnel_html(funnel)
        return request.render("reserve_medicosociale.portal_my_need", values, status=status)

    @http.route("/my/needs/<int:need_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_need(self, need_id, done=None, **kw):
        return self._need_render(self._need_get(need_id), done=done)

    @http.route("/my/needs/<int:need_id>/propose", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_need_propose(self, need_id, send=None, top_n=None, **kw):
        """Ask the ticked people (``send=selected``) or the top of the ranking (``send=top``)."""
        need = self._need_get(need_id)
        if not need.can_send_proposals:
            raise Forbidden()
        if send == "top":
            top_n = (top_n or "").strip()
            arguments = {"top_n": int(top_n) if top_n.isdigit() else 0}
        else:
            ids = request.httprequest.form.getlist("person_ids")
            arguments = {"person_ids": [int(value) for value in ids if value.isdigit()]}
        try:
            # A savepoint so that a refused wave leaves nothing behind.
            with request.env.cr.savepoint():
                need._portal_send_proposals(**arguments)
        except AccessError:
            raise Forbidden() from None
        except UserError as error:
            return self._need_render(need, error=error.args[0], status=400)
        return request.redirect(f"/my/needs/{need.id}?done=proposed")

    # ------------------------------------------------------------------ new need

    def _need_parse_form(self):
        """The posted form as typed (strings kept for re-rendering) and the values for the model."""
        params = request.httprequest.form

        def number(value):
            value = (value or "").strip()
            return int(value) if value.lstrip("-").isdigit() else value

        shifts = [
            {"date": day.strip(), "start": start.strip(), "stop": stop.strip()}
            for day, start, stop in zip(
                params.getlist("shift_date"), params.getlist("shift_start"), params.getlist("shift_stop"), strict=False
            )
        ]
        qualification_ids, wished_ids = [], []
        for key, value in params.items():
            if key.startswith("qualification_") and key[14:].isdigit():
                if value == "required":
                    qualification_ids.append(int(key[14:]))
                elif value == "wished":
                    wished_ids.append(int(key[14:]))
        return {
            "establishment_id": number(params.get("establishment_id")),
            "job_id": number(params.get("job_id")),
            "headcount": number(params.get("headcount")),
            "urgency": params.get("urgency") or False,
            "shifts": shifts,
            "contract_type_ids": [int(v) for v in params.getlist("contract_type_ids") if v.isdigit()],
            "qualification_ids": qualification_ids,
            "wished_qualification_ids": wished_ids,
            "notes": params.get("notes") or "",
        }

    def _need_render_form(self, form, error=False, status=200):
        env = request.env
        establishments = env["reserve.need"]._portal_establishments()
        jobs = env["reserve.job"].search([])
        contract_types = env["reserve.contract.type"].search([])
        shifts = list(form["shifts"]) or [{"date": "", "start": "", "stop": ""}]
        return request.render(
            "reserve_medicosociale.portal_my_need_new",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "reserve_need_new",
                "form": {**form, "shifts": shifts},
                "error": error,
                "establishments": establishments,
                "jobs": jobs,
                "qualifications": jobs.qualification_ids.sorted("name"),
                "contract_types": contract_types,
                "urgencies": env["reserve.need"]._fields["urgency"]._description_selection(env),
                "max_shifts": MAX_PORTAL_SHIFTS,
            },
            status=status,
        )

    @http.route("/my/needs/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_need_new(self, **kw):
        if not self._is_need_manager():
            raise NotFound()
        if request.httprequest.method == "GET":
            establishments = request.env["reserve.need"]._portal_establishments()
            form = {
                "establishment_id": establishments.id if len(establishments) == 1 else False,
                "job_id": False,
                "headcount": 1,
                "urgency": "week",
                "shifts": [],
                "contract_type_ids": [],
                "qualification_ids": [],
                "wished_qualification_ids": [],
                "notes": "",
            }
            return self._need_render_form(form)
        form = self._need_parse_form()
        if kw.get("add_shift"):
            # Another empty row; nothing is saved yet.
            if len(form["shifts"]) < MAX_PORTAL_SHIFTS:
                form["shifts"].append({"date": "", "start": "", "stop": ""})
            return self._need_render_form(form)
        try:
            # A savepoint so that a need refused when it opens leaves nothing behind.
            with request.env.cr.savepoint():
                need = request.env["reserve.need"]._portal_create(form)
        except (UserError, ValidationError, AccessError) as error:
            return self._need_render_form(form, error=error.args[0], status=400)
        return request.redirect(f"/my/needs/{need.id}?done=published")
