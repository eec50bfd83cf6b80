import binascii

from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

_lt = LazyTranslate(__name__)

EMPLOYER_PARTIES = ("lender", "borrower")
SIGNATURE_ROLES = ("employee", *EMPLOYER_PARTIES)
LOAN_DOCUMENTS = {
    "convention": "reserve_loan.action_report_loan_convention",
    "avenant": "reserve_loan.action_report_loan_avenant",
}
FRAMEWORK_REPORT = "reserve_loan.action_report_loan_framework"
# Messages shown after a redirect, keyed by the `message` query parameter (never echoed).
LOAN_MESSAGES = {
    "signed": _lt("Thank you: your signature is recorded."),
    "refused": _lt("Your refusal is recorded: both employers are told. The loan will not take place."),
}
# What the signing methods may raise on bad input; shown as is in the signature form.
SIGNING_ERRORS = (UserError, ValidationError, AccessError, MissingError, TypeError, ValueError, binascii.Error)


class ReserveLoanPortal(CustomerPortal):
    """Staff loans on the portal: the employee consents and signs the amendment, the
    managers of both members sign the convention (or the framework agreement).

    Each one sees only the loans they are party to. The consent e-mail's link carries the
    employee's own signing token (not the portal's share token, which any reader of the loan
    gets and which opens nothing here): it lets the employee read and sign without signing
    in until it expires, never an employer, who must sign in as a manager of their member.
    An expired or replaced link shows a page that says how to get a new one.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "loan_count" in counters:
            env = request.env
            # An explicit party domain: the count never depends on wider reading rights.
            Contract, Framework = env["reserve.loan.contract"], env["reserve.loan.framework"]
            values["loan_count"] = Contract.sudo().search_count(Contract._party_domain(env.user)) + (
                Framework.sudo().search_count(Framework._party_domain(env.user))
            )
        return values

    # ------------------------------------------------------------------ access

    def _portal_document(self, model_name, record_id):
        """The record (sudo) and whether the current user may read it, as Odoo's portal decides
        (``_document_check_access``: the record rules). No token is given: the portal's share
        token opens no staff loan, the employee's own link is checked by the loan.

        Not found when the record does not exist.
        """
        try:
            return self._document_check_access(model_name, record_id), True
        except MissingError:
            raise NotFound() from None
        except AccessError:
            return request.env[model_name].sudo().browse(record_id), False

    def _loan_access(self, loan_id, access_token=None):
        """The loan (sudo), the current user's roles in it, whether the employee's valid link
        was given, and why a link of the employee's no longer works ('expired', 'renewed')
        when it is all the visitor has.

        Not found for whoever is not a party: another member's manager, another person, a
        visitor without the token or with a wrong one. A back-office user who may read the
        loan (a coordinator) previews it.
        """
        loan_sudo, readable = self._portal_document("reserve.loan.contract", loan_id)
        user = request.env.user
        roles = [] if user._is_public() else loan_sudo._party_roles(user)
        token_state = loan_sudo._employee_token_state(access_token) if access_token else "invalid"
        token_ok = token_state == "valid"
        stale = False
        if set(roles) & set(EMPLOYER_PARTIES) or (readable and "employee" not in roles):
            pass
        elif ("employee" in roles or token_ok) and loan_sudo._is_asked():
            pass
        elif token_state in ("expired", "renewed", "shared"):
            stale = token_state
        else:
            raise NotFound()
        return loan_sudo, roles, token_ok, stale

    def _loan_link_refused(self, loan_sudo, stale, access_token, sent=False):
        """The page for an expired or replaced link: why, and how to get a new one."""
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "reserve_loan_link",
            "loan": loan_sudo,
            "reason": stale,
            "sent": sent,
            "can_renew": loan_sudo._employee_link_renewable(),
            "renew_url": self._loan_url(loan_sudo, None, "/new-link"),
            "access_token": access_token,
            "no_breadcrumbs": True,
        }
        return request.render("reserve_loan.portal_loan_link_refused", values, status=410)

    @staticmethod
    def _visitor_token(roles, token_ok, access_token):
        """The employee's link the visitor acts with; None when signed in as the employee."""
        return access_token if token_ok and "employee" not in roles else None

    @staticmethod
    def _loan_stale_message(stale):
        env = request.env
        if stale == "expired":
            return env._("This link has expired: reload the page to get a new link by e-mail.")
        return env._("This link was replaced by a newer one: open the latest e-mail about this loan.")

    def _framework_access(self, framework_id):
        """The agreement (sudo) and the employers the current user manages in it; not found
        for whoever may not read it (the record rules: both members' managers, coordinators)."""
        framework_sudo, readable = self._portal_document("reserve.loan.framework", framework_id)
        if not readable:
            raise NotFound()
        return framework_sudo, framework_sudo._employer_party_of(request.env.user)

    @staticmethod
    def _loan_url(loan_sudo, access_token=None, suffix="", **query):
        """The loan's portal URL; the token only when the visitor came with it (never handed to others)."""
        if access_token:
            query = {"access_token": access_token, **query}
        return f"{loan_sudo.access_url}{suffix}" + (f"?{url_encode(query)}" if query else "")

    # ------------------------------------------------------------------ list

    @http.route(["/my/loans", "/my/loans/page/<int:page>"], type="http", auth="user", website=True, methods=["GET"])
    def portal_my_loans(self, page=1, **kw):
        env = request.env
        user = env.user
        Contract, Framework = env["reserve.loan.contract"].sudo(), env["reserve.loan.framework"].sudo()
        domain = Contract._party_domain(user)
        pager = portal_pager(url="/my/loans", total=Contract.search_count(domain), page=page, step=self._items_per_page)
        loans = Contract.search(domain, limit=self._items_per_page, offset=pager["offset"])
        loan_rows = [
            {"loan": loan, "roles": loan._party_roles(user), "to_sign": bool(loan._signatures_due(user))}
            for loan in loans
        ]
        # The agreements (one per pair of members) head the first page, all of them.
        frameworks = Framework.search(Framework._party_domain(user)) if pager["page"]["num"] == 1 else Framework
        framework_rows = [
            {"framework": framework, "to_sign": bool(framework._signatures_due(user))} for framework in frameworks
        ]
        return request.render(
            "reserve_loan.portal_my_loans",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "reserve_loans",
                "pager": pager,
                "loan_rows": loan_rows,
                "framework_rows": framework_rows,
            },
        )

    # ------------------------------------------------------------------ one loan

    def _loan_render(self, loan_sudo, roles, token_ok, access_token, message=None, error=False, status=200):
        due = loan_sudo._signatures_due(request.env.user, employee_link=token_ok)
        # One signature at a time: a manager of both members signs for one, then for the other.
        sign_role = due[0] if due else False
        if sign_role == "employee":
            signer_name = loan_sudo.employee_id.name
        else:
            signer_name = request.env.user.name
        visitor_token = access_token if token_ok else None
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "reserve_loan",
            "loan": loan_sudo,
            "roles": roles,
            "is_employee": "employee" in roles or (token_ok and request.env.user._is_public()),
            "sign_role": sign_role,
            "sign_member": loan_sudo[f"{sign_role}_id"] if sign_role in EMPLOYER_PARTIES else False,
            "sign_url": self._loan_url(loan_sudo, visitor_token, f"/sign/{sign_role}") if sign_role else False,
            "signer_name": signer_name,
            "can_refuse": "employee" in due,
            "refuse_url": self._loan_url(loan_sudo, visitor_token, "/refuse"),
            "document_urls": {
                kind: self._loan_url(loan_sudo, visitor_token, f"/document/{kind}") for kind in LOAN_DOCUMENTS
            },
            "needs_employer_signatures": loan_sudo._needs_employer_signatures(),
            "framework_visible": bool(loan_sudo.framework_id and set(roles) & set(EMPLOYER_PARTIES)),
            "message": str(LOAN_MESSAGES[message]) if message in LOAN_MESSAGES else False,
            "error": error,
        }
        values = self._get_page_view_values(
            loan_sudo, visitor_token, values, "my_loans_history", request.env.user._is_public()
        )
        return request.render("reserve_loan.portal_my_loan", values, status=status)

    @http.route("/my/loans/<int:loan_id>", type="http", auth="public", website=True, methods=["GET"])
    def portal_my_loan(self, loan_id, access_token=None, message=None, **kw):
        loan_sudo, roles, token_ok, stale = self._loan_access(loan_id, access_token)
        if stale:
            return self._loan_link_refused(loan_sudo, stale, access_token)
        return self._loan_render(loan_sudo, roles, token_ok, access_token, message=message)

    @http.route("/my/loans/<int:loan_id>/new-link", type="http", auth="public", website=True, methods=["POST"])
    def portal_my_loan_new_link(self, loan_id, access_token=None, **kw):
        """The employee holding an expired or replaced link asks a new one: it is e-mailed to them."""
        loan_sudo, _roles, _token_ok, stale = self._loan_access(loan_id, access_token)
        if not stale:
            raise NotFound()
        sent = loan_sudo._renew_employee_link(access_token)
        return self._loan_link_refused(loan_sudo, stale, access_token, sent=sent)

    @http.route(
        "/my/loans/<int:loan_id>/document/<string:kind>", type="http", auth="public", website=True, methods=["GET"]
    )
    def portal_my_loan_document(self, loan_id, kind, access_token=None, download=None, **kw):
        """The convention (or the annex under a framework agreement) or the amendment, with its signatures."""
        loan_sudo, _roles, _token_ok, stale = self._loan_access(loan_id, access_token)
        if kind not in LOAN_DOCUMENTS:
            raise NotFound()
        if stale:
            return self._loan_link_refused(loan_sudo, stale, access_token)
        return self._loan_document(loan_sudo, LOAN_DOCUMENTS[kind], download)

    def _loan_document(self, record_sudo, report_ref, download=None):
        """Odoo's portal report response, the file named as the report names it."""
        return self._show_report(
            model=record_sudo.with_context(report_ref=report_ref),
            report_type="pdf",
            report_ref=report_ref,
            download=download,
        )

    @http.route("/my/loans/<int:loan_id>/sign/<string:role>", type="jsonrpc", auth="public", website=True)
    def portal_my_loan_sign(self, loan_id, role, access_token=None, name=None, signature=None, **kw):
        """Odoo's signature form posts here: name and drawn or typed signature (base64 PNG)."""
        access_token = access_token or request.httprequest.args.get("access_token")
        loan_sudo, roles, token_ok, stale = self._loan_access(loan_id, access_token)
        if role not in SIGNATURE_ROLES:
            raise NotFound()
        if stale:
            return {"error": self._loan_stale_message(stale)}
        env = request.env
        refusal = loan_sudo._get_signing_refusal(role, env.user, employee_link=token_ok)
        if refusal:
            return {"error": refusal}
        # The model checks the typed name and the signature, with the same messages.
        ip_address = request.httprequest.remote_addr
        try:
            # A savepoint: a refused signature leaves nothing behind.
            with env.cr.savepoint():
                if role == "employee":
                    # Checked above: the signed-in employee, or the visitor holding the e-mail's link,
                    # which the model checks again. As superuser because the annex's framework
                    # agreement is not readable by the employee.
                    loan_sudo._sign_as_employee(
                        name, signature, ip_address, access_token=self._visitor_token(roles, token_ok, access_token)
                    )
                else:
                    # As the manager: the model checks again that they manage this party.
                    env["reserve.loan.contract"].browse(loan_sudo.id)._sign_as_employer(
                        role, name, signature, ip_address
                    )
        except SIGNING_ERRORS as error:
            if isinstance(error, (UserError, AccessError, ValidationError)) and error.args:
                return {"error": error.args[0]}
            return {"error": env._("The signature could not be read: sign again.")}
        return {
            "force_refresh": True,
            "redirect_url": self._loan_url(loan_sudo, access_token if token_ok else None, message="signed"),
        }

    @http.route("/my/loans/<int:loan_id>/refuse", type="http", auth="public", website=True, methods=["POST"])
    def portal_my_loan_refuse(self, loan_id, access_token=None, reason=None, **kw):
        """The employee refuses the loan, with an optional reason; refusing cannot be held against them."""
        loan_sudo, roles, token_ok, stale = self._loan_access(loan_id, access_token)
        if stale:
            return self._loan_link_refused(loan_sudo, stale, access_token)
        refusal = loan_sudo._get_signing_refusal("employee", request.env.user, employee_link=token_ok)
        if refusal:
            return self._loan_render(loan_sudo, roles, token_ok, access_token, error=refusal, status=400)
        try:
            with request.env.cr.savepoint():
                loan_sudo._refuse_as_employee(reason, access_token=self._visitor_token(roles, token_ok, access_token))
        except (UserError, AccessError) as error:
            return self._loan_render(loan_sudo, roles, token_ok, access_token, error=error.args[0], status=400)
        return request.redirect(self._loan_url(loan_sudo, access_token if token_ok else None, message="refused"))

    # ------------------------------------------------------------------ framework agreement

    @http.route("/my/loans/framework/<int:framework_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_loan_framework(self, framework_id, message=None, **kw):
        framework_sudo, roles = self._framework_access(framework_id)
        due = framework_sudo._signatures_due(request.env.user)
        sign_role = due[0] if due else False
        user = request.env.user
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "reserve_loan_framework",
            "framework": framework_sudo,
            "roles": roles,
            "sign_role": sign_role,
            "sign_member": framework_sudo[f"{sign_role}_id"] if sign_role else False,
            "sign_url": f"{framework_sudo.access_url}/sign/{sign_role}" if sign_role else False,
            "signer_name": user.name,
            "contracts": framework_sudo.contract_ids.filtered(lambda c: c.state != "draft"),
            "message": str(LOAN_MESSAGES[message]) if message == "signed" else False,
        }
        values = self._get_page_view_values(framework_sudo, None, values, "my_loan_frameworks_history", False)
        return request.render("reserve_loan.portal_my_loan_framework", values)

    @http.route(
        "/my/loans/framework/<int:framework_id>/document", type="http", auth="user", website=True, methods=["GET"]
    )
    def portal_my_loan_framework_document(self, framework_id, download=None, **kw):
        framework_sudo, _roles = self._framework_access(framework_id)
        return self._loan_document(framework_sudo, FRAMEWORK_REPORT, download)

    @http.route("/my/loans/framework/<int:framework_id>/sign/<string:role>", type="jsonrpc", auth="user", website=True)
    def portal_my_loan_framework_sign(self, framework_id, role, name=None, signature=None, **kw):
        framework_sudo, roles = self._framework_access(framework_id)
        if role not in EMPLOYER_PARTIES:
            raise NotFound()
        env = request.env
        # The model checks the party, the state, a second signature, the name and the signature.
        try:
            with env.cr.savepoint():
                env["reserve.loan.framework"].browse(framework_sudo.id)._sign_as_employer(
                    role, name, signature, request.httprequest.remote_addr
                )
        except SIGNING_ERRORS as error:
            if isinstance(error, (UserError, AccessError, ValidationError)) and error.args:
                return {"error": error.args[0]}
            return {"error": env._("The signature could not be read: sign again.")}
        return {"force_refresh": True, "redirect_url": f"{framework_sudo.access_url}?message=signed"}
