from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import reserve_list_page

_lt = LazyTranslate(__name__)

DONE_MESSAGES = {
    "agreed": _lt("You agreed to lend this employee: the coordinators can now validate the profile."),
    "refused": _lt("You refused to lend this employee: their profile will not be proposed."),
}


MEMBER_MANAGER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_member_manager"


class ReserveEmployerPortal(CustomerPortal):
    """An establishment's manager confirms, on /my, that their employees may be lent."""

    def _is_employer(self):
        return request.env.user.has_group(MEMBER_MANAGER_GROUP)

    def _employees_domain(self):
        return [
            ("category", "=", "lent_employee"),
            ("employer_id.member_manager_ids", "in", [request.env.uid]),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "employer_employee_count" in counters:
            Person = request.env["reserve.person"]
            values["employer_employee_count"] = (
                Person.search_count(self._employees_domain()) if self._is_employer() else 0
            )
        return values

    @http.route(
        ["/my/employees", "/my/employees/page/<int:page>"], type="http", auth="user", website=True, methods=["GET"]
    )
    def portal_employer_employees(self, page=1, done=None, **kw):
        if not self._is_employer():
            raise NotFound()
        listing = reserve_list_page(
            "reserve.person",
            self._employees_domain(),
            "/my/employees",
            page,
            self._items_per_page,
            order="employer_agreement desc, name",
        )
        return request.render(
            "reserve_medicosociale.portal_employer_employees",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "employer_employees",
                "employees": listing["records"],
                "pager": listing["pager"],
                "pager_summary": listing["pager_summary"],
                "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
                "error": kw.get("error"),
            },
        )

    @http.route(
        "/my/employees/<int:person_id>/<string:answer>", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_employer_answer(self, person_id, answer, **kw):
        if answer not in ("agree", "refuse"):
            raise NotFound()
        if not self._is_employer():
            raise NotFound()
        try:
            self._document_check_access("reserve.person", person_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        # Only the employees of establishments this user manages: another person they read
        # (proposed to one of their needs) is not found either.
        person = request.env["reserve.person"].browse(person_id).filtered_domain(self._employees_domain())
        if not person:
            raise NotFound()
        try:
            if answer == "agree":
                person.action_employer_agree()
            else:
                person.action_employer_refuse()
        except (UserError, AccessError) as error:
            return request.redirect("/my/employees?" + url_encode({"error": error.args[0]}))
        return request.redirect(f"/my/employees?done={'agreed' if answer == 'agree' else 'refused'}")
