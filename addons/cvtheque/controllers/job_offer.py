from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import email_normalize

from .portal import _to_int, uploaded_files

OFFERS_PER_PAGE = 20


class CvthequeJobOffers(http.Controller):
    """The public job offers of the member establishments: no login to read them."""

    def _offer_or_404(self, job_id):
        # Public page: published offers are public information, read as superuser.
        job = (
            request.env["hr.job"]
            .sudo()
            .search(request.env["hr.job"]._public_offer_domain() & Domain("id", "=", job_id))
        )
        if not job:
            raise NotFound()
        return job

    @http.route("/offres-emploi", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def job_offers(
        self, job_id=None, contract_type_id=None, commune_id=None, commune_search=None, radius=None, page=1, **kw
    ):
        env = request.env
        Job = env["hr.job"].sudo()
        form = {
            "job_id": _to_int(job_id),
            "contract_type_id": _to_int(contract_type_id),
            "commune_id": _to_int(commune_id),
            "radius": _to_int(radius) or 30,
        }
        commune = env["reserve.commune"].sudo().browse(form["commune_id"]).exists()
        if not commune and commune_search:
            commune, _candidates = env["reserve.commune"].sudo()._pick_typed(commune_search)
        commune_ids = None
        if commune:
            form["commune_id"] = commune.id
            commune_ids = env["cvtheque.cv"].sudo()._commune_ids_within(commune.id, form["radius"])
        domain = Job._public_offer_domain(form["job_id"], form["contract_type_id"], commune_ids)
        page = max(_to_int(page) or 1, 1)
        total = Job.search_count(domain)
        offers = Job.search(
            domain,
            order="offer_published_date desc, id desc",
            limit=OFFERS_PER_PAGE,
            offset=(page - 1) * OFFERS_PER_PAGE,
        )
        response = request.render(
            "cvtheque.job_offers_page",
            {
                "offers": offers,
                "total": total,
                "page": page,
                "has_next": page * OFFERS_PER_PAGE < total,
                "form": form,
                "jobs": env["reserve.job"].sudo().search([]),
                "contract_types": env["reserve.contract.type"].sudo().search([]),
                "communes": commune,
            },
        )
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    def _offer_render(self, job, error=False, form=None, status=200, file_errors=()):
        env = request.env
        user = env.user
        cvs = env["cvtheque.cv"]
        if not user._is_public() and not user._is_internal() and cvs.has_access("read"):
            cvs = cvs.search([("user_id", "=", user.id), ("state", "!=", "anonymised")])
        return request.render(
            "cvtheque.job_offer_page",
            {
                "offer": job,
                "cvs": cvs,
                "is_public": user._is_public(),
                "is_internal": user._is_internal(),
                "error": error,
                "file_errors": list(file_errors),
                "form": form or {},
                "consent_text": env["cvtheque.cv"].sudo()._get_consent_text(),
            },
            status=status,
        )

    @http.route("/offres-emploi/<int:job_id>", type="http", auth="public", website=True, methods=["GET"], sitemap=False)
    def job_offer(self, job_id, **kw):
        return self._offer_render(self._offer_or_404(job_id))

    @http.route("/offres-emploi/<int:job_id>/postuler", type="http", auth="public", website=True, methods=["POST"])
    def job_offer_apply(self, job_id, **form):
        job = self._offer_or_404(job_id)
        env = request.env
        user = env.user
        try:
            if user._is_internal():
                raise UserError(env._("Staff accounts do not apply: sign in with your personal account."))
            files = uploaded_files()
            if user._is_public():
                cv = self._anonymous_cv(form, files)
            elif form.get("cv_id"):
                cv = env["cvtheque.cv"].search([("id", "=", _to_int(form["cv_id"])), ("user_id", "=", user.id)])
                if not cv:
                    raise UserError(env._("Choose one of your CVs, or send a file."))
            else:
                if not files:
                    raise UserError(env._("Choose one of your CVs, or send your CV as a PDF, DOCX or ODT file."))
                if not form.get("consent"):
                    raise UserError(env._("Tick the box to agree to the consent text."))
                cv, errors = env["cvtheque.cv"]._portal_create({"name": job.name, "visibility": "association"}, files)
                if errors and not cv.document_ids:
                    cv.sudo().unlink()
                    return self._offer_render(job, file_errors=errors, form=form, status=400)
            env["hr.applicant"]._cvtheque_apply(job, cv, (form.get("message") or "").strip())
        except (UserError, ValidationError) as error:
            return self._offer_render(job, error=error.args[0], form=form, status=400)
        return request.redirect(f"/offres-emploi/{job.id}/merci")

    def _anonymous_cv(self, form, files):
        """A visitor without account: their contact, a CV shared with the association only,
        and an invitation to a portal account to follow the application."""
        env = request.env
        name = (form.get("partner_name") or "").strip()
        email = email_normalize(form.get("email") or "")
        if not name or not email:
            raise UserError(env._("Give your name and a valid e-mail address: the establishment answers there."))
        if not form.get("consent"):
            raise UserError(env._("Tick the box to agree to the consent text."))
        if not files:
            raise UserError(env._("Send your CV as a PDF, DOCX or ODT file."))
        Document = env["cvtheque.cv.document"]
        for filename, data in files:
            Document._check_file(filename, data)
        if env["res.users"].sudo().search_count([("login", "=ilike", email)]):
            raise UserError(env._("An account already exists with this e-mail address: sign in to apply."))
        env["cvtheque.cv"]._check_visitor_application_limit(request.httprequest.remote_addr, email)
        # A visitor: the contact and CV are created as superuser, owned by nobody until the
        # invited account is activated (then the CV is the account's).
        partner = (
            env["res.partner"]
            .sudo()
            .create(
                {"name": name, "email": email, "phone": (form.get("phone") or "").strip() or False, "lang": env.lang}
            )
        )
        cv = (
            env["cvtheque.cv"]
            .sudo()
            .create(
                {
                    "name": (form.get("title") or "").strip() or name,
                    "partner_id": partner.id,
                    "visibility": "association",
                }
            )
        )
        cv._add_documents(files)
        wizard = env["portal.wizard"].sudo().create({"partner_ids": [(6, 0, partner.ids)]})
        wizard.user_ids.action_grant_access()
        cv.user_id = partner.user_ids[:1]
        return cv

    @http.route(
        "/offres-emploi/<int:job_id>/merci", type="http", auth="public", website=True, methods=["GET"], sitemap=False
    )
    def job_offer_thanks(self, job_id, **kw):
        job = request.env["hr.job"].sudo().browse(job_id).exists()
        if not job:
            raise NotFound()
        return request.render("cvtheque.job_offer_thanks", {"offer": job, "is_public": request.env.user._is_public()})
