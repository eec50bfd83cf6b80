import json

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal import _form_text

# The signup form's field that people neither see nor hear (views/signup_templates.xml):
# robots that fill every field fill it too.
HONEYPOT_FIELD = "website"


class ReserveSignup(http.Controller):
    """The public signup page of the reserve."""

    def _signup_form_values(self, form):
        params = request.httprequest.form
        job_ids = []
        for raw in params.getlist("job_ids"):
            if raw.isdigit():
                job_ids.append(int(raw))
        commune_id = form.get("commune_id") or ""
        employer_id = form.get("employer_id") or ""
        return {
            "category": form.get("category") or False,
            "first_name": _form_text(form, "first_name"),
            "last_name": _form_text(form, "last_name"),
            "email": _form_text(form, "email"),
            "phone": _form_text(form, "phone"),
            "commune_id": int(commune_id) if commune_id.isdigit() else False,
            "commune_search": _form_text(form, "commune_search"),
            "employer_id": int(employer_id) if employer_id.isdigit() else False,
            "job_ids": job_ids,
            "consent": bool(form.get("consent")),
            "lang": request.env.lang,
            "honeypot": _form_text(form, HONEYPOT_FIELD),
        }

    def _signup_render(self, values, errors=None, status=200):
        env = request.env
        Person = env["reserve.person"]
        commune = env["reserve.commune"].browse(values.get("commune_id") or []).exists()
        communes = commune
        if values.get("commune_search") and not commune:
            communes = env["reserve.commune"]._search_typed(values["commune_search"])
        response = request.render(
            "reserve_medicosociale.reserve_signup",
            {
                "form": values,
                "errors": errors or {},
                "categories": Person._fields["category"]._description_selection(env),
                "jobs": env["reserve.job"].sudo().search([]),
                "communes": communes,
                # Public page: member establishments and the consent text are public information.
                "employers": Person._signup_member_establishments(),
                "consent_html": Person.sudo()._get_consent_html(),
            },
            status=status,
        )
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @http.route("/reserve/inscription", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def reserve_signup_form(self, **kw):
        if not request.env.user._is_public():
            return request.redirect("/my/reserve")
        return self._signup_render({"job_ids": [], "category": kw.get("category")})

    @http.route(
        "/reserve/inscription",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def reserve_signup_submit(self, **form):
        if not request.env.user._is_public():
            return request.redirect("/my/reserve")
        values = self._signup_form_values(form)
        if not values["commune_id"] and values["commune_search"]:
            # Without JavaScript, the commune comes from the text typed, when it names one.
            commune, _matches = request.env["reserve.commune"]._pick_typed(values["commune_search"])
            values["commune_id"] = commune.id
        Person = request.env["reserve.person"]
        try:
            # Public signup: _signup_request checks the limits and every value before it
            # creates or sends anything, and tells nobody whether the address is known.
            errors = Person.sudo()._signup_request(values, request.httprequest.remote_addr)
        except (UserError, ValidationError) as error:
            return self._signup_render(values, {"form": error.args[0]}, status=400)
        if errors:
            return self._signup_render(values, errors, status=429 if "limit" in errors else 400)
        request.session["reserve_signup_email"] = values["email"]
        return request.redirect("/reserve/inscription/merci")

    @http.route("/reserve/inscription/merci", type="http", auth="public", website=True, methods=["GET"], sitemap=False)
    def reserve_signup_done(self, **kw):
        return request.render(
            "reserve_medicosociale.reserve_signup_done",
            {
                "email": request.session.get("reserve_signup_email"),
            },
        )

    @http.route("/reserve/communes", type="http", auth="public", methods=["GET"], readonly=True, sitemap=False)
    def reserve_communes(self, q="", **kw):
        """Communes matching a postal code or a name, for the commune field of the forms."""
        communes = request.env["reserve.commune"]._search_typed(q)
        data = [{"id": c.id, "label": c.display_name} for c in communes]
        return request.make_response(
            json.dumps(data),
            headers=[
                ("Content-Type", "application/json"),
                ("Cache-Control", "public, max-age=3600"),
            ],
        )
