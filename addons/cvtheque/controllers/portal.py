from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.reserve_medicosociale.controllers.email_link import (
    EMAIL_LINK_ROUTE,
    email_link_done_redirect,
    email_link_pressed,
    email_link_record,
    render_email_link_result,
)


def _to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return False


def uploaded_files():
    """The files of the request's ``file`` inputs, as (filename, bytes)."""
    return [
        (storage.filename, storage.read())
        for storage in request.httprequest.files.getlist("file")
        if storage and storage.filename
    ]


def parse_cv_form(form):
    """The CV values of a portal form (the PERSON_FIELDS the form shows)."""
    env = request.env
    values = {
        "name": (form.get("name") or "").strip(),
        "summary": (form.get("summary") or "").strip() or False,
        "visibility": form.get("visibility") or "association",
    }
    if values["visibility"] not in dict(env["cvtheque.cv"]._fields["visibility"].selection):
        raise UserError(env._("Choose who may read your CV."))
    if not values["name"]:
        raise UserError(env._("Give your CV a title, e.g. the job you are looking for."))
    member_ids = [_to_int(value) for value in request.httprequest.form.getlist("member_ids")]
    members = (
        env["res.partner"].sudo().search([("id", "in", [m for m in member_ids if m]), ("member_state", "=", "member")])
    )
    if values["visibility"] == "selected" and not members:
        raise UserError(env._("Choose at least one establishment that may read your CV."))
    values["member_ids"] = [(6, 0, members.ids if values["visibility"] == "selected" else [])]
    if form.get("available_date"):
        try:
            values["available_date"] = fields.Date.to_date(form["available_date"])
        except ValueError:
            raise UserError(env._("Enter the date as shown by the calendar, e.g. 2027-01-15.")) from None
    job_ids = [_to_int(value) for value in request.httprequest.form.getlist("job_ids")]
    if job_ids:
        values["job_ids"] = [(6, 0, env["reserve.job"].sudo().search([("id", "in", job_ids)]).ids)]
    return values


class CvthequePortal(CustomerPortal):
    """The person's CV and applications on their space."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cvtheque_cv_count" in counters:
            Cv = request.env["cvtheque.cv"]
            values["cvtheque_cv_count"] = (
                Cv.search_count([("user_id", "=", request.env.uid)]) if Cv.has_access("read") else 0
            )
        if "cvtheque_application_count" in counters:
            values["cvtheque_application_count"] = self._cvtheque_applications().__len__()
        return values

    def _cvtheque_applications(self):
        # Read as superuser, limited to the signed-in user's own contact.
        return (
            request.env["hr.applicant"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", request.env.user.partner_id.id), ("establishment_id", "!=", False)])
        )

    def _cvtheque_own_cv(self, cv_id):
        cv = request.env["cvtheque.cv"].search([("id", "=", cv_id), ("user_id", "=", request.env.uid)])
        if not cv:
            raise NotFound()
        return cv

    def _cvtheque_render(self, error=False, form=None, status=200, done=None, file_errors=()):
        env = request.env
        cvs = env["cvtheque.cv"].search([("user_id", "=", env.uid)]) if env["cvtheque.cv"].has_access("read") else []
        person = (
            env["reserve.person"].search([("user_id", "=", env.uid)], limit=1)
            if env["reserve.person"].has_access("read")
            else env["reserve.person"]
        )
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "cvtheque_cv",
            "cvs": cvs,
            "person": person,
            "defaults": person._cvtheque_cv_defaults() if person else {},
            "jobs": env["reserve.job"].sudo().search([]),
            "members": env["res.partner"].sudo().search([("member_state", "=", "member"), ("is_company", "=", True)]),
            "visibilities": env["cvtheque.cv"]._fields["visibility"]._description_selection(env),
            "consent_text": env["cvtheque.cv"]._get_consent_text(),
            "error": error,
            "file_errors": list(file_errors),
            "form": form or {},
            "done": done or request.params.get("done"),
        }
        return request.render("cvtheque.portal_my_cv", values, status=status)

    @http.route("/my/cv", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_cv(self, **kw):
        if request.env.user._is_internal():
            return request.redirect("/odoo/action-cvtheque.cvtheque_cv_action")
        return self._cvtheque_render()

    @http.route("/my/cv/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_cv_new(self, **form):
        if not request.env["cvtheque.cv"].has_access("read") or request.env.user._is_internal():
            raise NotFound()
        try:
            if not form.get("consent"):
                raise UserError(
                    request.env._("Tick the box to agree to the consent text: without it your CV cannot be shared.")
                )
            values = parse_cv_form(form)
            files = uploaded_files()
            _cv, errors = request.env["cvtheque.cv"]._portal_create(values, files)
        except (UserError, ValidationError, AccessError) as error:
            return self._cvtheque_render(error=error.args[0], form=form, status=400)
        if errors:
            return self._cvtheque_render(done="created", file_errors=errors, status=400)
        return request.redirect("/my/cv?done=created")

    @http.route("/my/cv/<int:cv_id>/update", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_cv_update(self, cv_id, **form):
        cv = self._cvtheque_own_cv(cv_id)
        try:
            values = parse_cv_form(form)
            cv.write(values)
        except (UserError, ValidationError, AccessError) as error:
            return self._cvtheque_render(error=error.args[0], form=form, status=400)
        return request.redirect("/my/cv?done=updated")

    @http.route("/my/cv/<int:cv_id>/upload", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_cv_upload(self, cv_id, **kw):
        cv = self._cvtheque_own_cv(cv_id)
        files = uploaded_files()
        if not files:
            return self._cvtheque_render(error=request.env._("Choose a file to send: a PDF, DOCX or ODT."), status=400)
        _documents, errors = cv._add_documents(files)
        if errors:
            return self._cvtheque_render(file_errors=errors, done="uploaded" if _documents else None, status=400)
        return request.redirect("/my/cv?done=uploaded")

    @http.route("/my/cv/document/<int:document_id>/delete", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_cv_document_delete(self, document_id, **kw):
        document = request.env["cvtheque.cv.document"].search(
            [("id", "=", document_id), ("cv_id.user_id", "=", request.env.uid)]
        )
        if not document:
            raise NotFound()
        # The person's own document (checked above); documents have no unlink right for portal users.
        document.sudo().unlink()
        return request.redirect("/my/cv?done=document_deleted")

    @http.route("/my/cv/<int:cv_id>/withdraw", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_cv_withdraw(self, cv_id, **kw):
        self._cvtheque_own_cv(cv_id).action_withdraw_consent()
        return request.redirect("/my/cv?done=withdrawn")

    @http.route("/my/cv/<int:cv_id>/share", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_cv_share(self, cv_id, **kw):
        cv = self._cvtheque_own_cv(cv_id)
        if not kw.get("consent"):
            return self._cvtheque_render(
                error=request.env._("Tick the box to agree to the consent text: without it your CV cannot be shared."),
                status=400,
            )
        try:
            cv.action_give_consent()
        except UserError as error:
            return self._cvtheque_render(error=error.args[0], status=400)
        return request.redirect("/my/cv?done=shared")

    @http.route("/cvtheque/document/<int:document_id>", type="http", auth="user", methods=["GET"])
    def cvtheque_document_download(self, document_id, **kw):
        """A CV document for whoever may read it (record rules), the download logged."""
        document = request.env["cvtheque.cv.document"].search([("id", "=", document_id)])
        if not document:
            raise NotFound()
        document.cv_id._log_member_access("download")
        # Access was checked by the search above (record rules); the file field is coordinators'.
        stream = request.env["ir.binary"]._get_stream_from(document._get_attachment(), "raw")
        return stream.get_response(as_attachment=True)

    @http.route("/my/applications", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_applications(self, **kw):
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "cvtheque_applications",
            "applications": self._cvtheque_applications(),
        }
        return request.render("cvtheque.portal_my_applications", values)

    @http.route("/cvtheque/renew/<int:cv_id>", **EMAIL_LINK_ROUTE)
    def cvtheque_renew(self, cv_id, token=None, **kw):
        """The one-click renewal link of the retention e-mail: GET shows, the button renews."""
        cv = email_link_record("cvtheque.cv", cv_id)
        if not cv:
            return render_email_link_result("cvtheque.cv_renew_page", "invalid", cv=cv, token=token)
        pressed = email_link_pressed()
        if pressed == "pressed":
            result = cv._renew_by_link(token)
            if result == "renewed":
                return email_link_done_redirect()
        else:
            result = cv._check_renewal_token(token)
            if result == "valid":
                result = "confirm"
            elif cv.state == "published" and not cv.renewal_requested_date and result == "invalid":
                # Renewed already (the request date is cleared): say so on reload.
                result = "renewed"
        return render_email_link_result("cvtheque.cv_renew_page", result, cv=cv, token=token, stale=pressed == "stale")
