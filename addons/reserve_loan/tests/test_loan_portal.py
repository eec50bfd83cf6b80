from datetime import timedelta
from unittest.mock import patch

from odoo import fields, http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common import SIGNATURE, LoanCommon


class LoanPortalCommon(HttpCase, LoanCommon):
    """The staff-loan world of LoanCommon, seen through the portal (pages in English)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        users = (
            cls.employee_user
            | cls.lender_manager
            | cls.borrower_manager
            | cls.third_manager
            | cls.portal_user
            | cls.coordinator
        )
        users.partner_id.lang = "en_US"

    def _login(self, user):
        # new_test_user's password is the login.
        self.authenticate(user.login, user.login)

    def _sign(self, loan, role, name="Camille Prêtée", signature=SIGNATURE, access_token=None):
        params = {"name": name, "signature": signature.decode() if isinstance(signature, bytes) else signature}
        if access_token:
            params["access_token"] = access_token
        return self.make_jsonrpc_request(f"/my/loans/{loan.id}/sign/{role}", params)

    def _counters(self):
        return self.make_jsonrpc_request("/my/counters", {"counters": ["loan_count"]})["loan_count"]


@tagged("post_install", "-at_install")
class TestLoanPortal(LoanPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan = cls._create_loan()
        cls.loan.action_send_for_consent()

    def _assert_not_found(self, loan, access_token=None):
        query = f"?access_token={access_token}" if access_token else ""
        self.assertEqual(self.url_open(f"/my/loans/{loan.id}{query}").status_code, 404)
        for kind in ("convention", "avenant"):
            self.assertEqual(self.url_open(f"/my/loans/{loan.id}/document/{kind}{query}").status_code, 404)
        for role in ("employee", "lender", "borrower"):
            with self.assertRaises(JsonRpcException) as caught:
                self._sign(loan, role, access_token=access_token)
            self.assertEqual(caught.exception.code, 404)

    # ------------------------------------------------------------------ who sees what

    def test_each_party_sees_the_loan_and_what_awaits_them(self):
        for user, awaited in (
            (self.employee_user, True),
            (self.lender_manager, False),
            (self.borrower_manager, False),
        ):
            with self.subTest(user=user.login):
                self._login(user)
                self.assertEqual(self._counters(), 1)
                listing = self.url_open("/my/loans")
                self.assertEqual(listing.status_code, 200)
                self.assertIn(self.loan.name, listing.text)
                self.assertIn('data-state="consent"', listing.text)
                self.assertEqual("Your signature is awaited" in listing.text, awaited)
                page = self.url_open(f"/my/loans/{self.loan.id}")
                self.assertEqual(page.status_code, 200)
                self.assertIn(self.loan.name, page.text)
                self.assertIn("EHPAD Test Les Chênes, 1 rue des Chênes, Nantes", page.text)
                self.assertIn("Non-profit loan", page.text)
                self.assertEqual("o_reserve_loan_sign_button" in page.text, awaited)
                self.assertEqual("o_reserve_loan_refuse_form" in page.text, awaited)
                if awaited:
                    # Odoo's signature form, with the employee's name and the signing route.
                    self.assertIn('name="portal.signature_form"', page.text)
                    self.assertIn(f"/my/loans/{self.loan.id}/sign/employee", page.text)
                    self.assertIn("Camille Prêtée", page.text)
                # The consent e-mail's token is never handed to a signed-in party.
                self.assertNotIn(self.loan.employee_token or "no token", page.text)

    def test_the_home_shows_the_staff_loans_entry(self):
        self._login(self.employee_user)
        home = self.url_open("/my")
        self.assertIn('data-placeholder_count="loan_count"', home.text)
        self.assertIn("Staff loans", home.text)

    def test_outsiders_are_refused(self):
        for user in (self.third_manager, self.portal_user):
            with self.subTest(user=user.login):
                self._login(user)
                self.assertEqual(self._counters(), 0)
                self.assertNotIn(self.loan.name, self.url_open("/my/loans").text)
                self._assert_not_found(self.loan)
        self.assertEqual(self.loan.state, "consent")
        self.assertFalse(self.loan.employee_signed_on)

    def test_coordinator_previews_without_signing(self):
        self._login(self.coordinator)
        self.assertEqual(self._counters(), 0)
        page = self.url_open(f"/my/loans/{self.loan.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_reserve_loan_sign_button", page.text)
        self.assertIn("Only the employee signs", self._sign(self.loan, "employee")["error"])
        self.assertEqual(self.loan.state, "consent")

    def test_visitor_needs_the_right_token(self):
        self.loan._ensure_employee_token()
        self.authenticate(None, None)
        self._assert_not_found(self.loan)
        self._assert_not_found(self.loan, access_token="not-the-token")
        # A list needs a signed-in user.
        response = self.url_open("/my/loans", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_employee_does_not_see_a_draft_loan(self):
        draft = self._create_loan(date_start=self.loan.date_end, date_end=self.loan.date_end)
        self._login(self.employee_user)
        self.assertEqual(self._counters(), 1)
        self.assertNotIn(draft.name, self.url_open("/my/loans").text)
        self.assertEqual(self.url_open(f"/my/loans/{draft.id}").status_code, 404)

    # ------------------------------------------------------------------ the employee signs

    def test_employee_signs_on_the_portal(self):
        self._login(self.employee_user)
        result = self._sign(self.loan, "employee", name="  Camille Prêtée ")
        self.assertTrue(result["force_refresh"])
        self.assertEqual(result["redirect_url"], f"/my/loans/{self.loan.id}?message=signed")
        self.assertEqual(self.loan.state, "employee_signed")
        self.assertEqual(self.loan.employee_signed_by, "Camille Prêtée")
        self.assertTrue(self.loan.employee_signature)
        self.assertTrue(self.loan.employee_signed_on)
        self.assertEqual(self.loan.employee_signed_ip, "127.0.0.1")
        page = self.url_open(result["redirect_url"]).text
        self.assertIn("your signature is recorded", page)
        self.assertIn('data-state="employee_signed"', page)
        self.assertNotIn("o_reserve_loan_sign_button", page)
        # Signed once: a second signature is refused.
        self.assertIn("not awaiting your consent", self._sign(self.loan, "employee")["error"])

    def test_bad_signatures_save_nothing(self):
        self._login(self.employee_user)
        for name, signature, message in (
            ("", SIGNATURE, "Type your full name to sign."),
            ("   ", SIGNATURE, "Type your full name to sign."),
            ("Camille Prêtée", "", "Draw or type your signature to sign."),
            ("Camille Prêtée", "bm90IGFuIGltYWdl", "could not be decoded as an image"),
        ):
            with self.subTest(name=name, signature=signature):
                result = self._sign(self.loan, "employee", name=name, signature=signature)
                self.assertIn(message, result.get("error", ""))
                self.assertNotIn("force_refresh", result)
        self.loan.invalidate_recordset()
        self.assertEqual(self.loan.state, "consent")
        self.assertFalse(self.loan.employee_signed_by)
        self.assertFalse(self.loan.employee_signature)
        self.assertFalse(self.loan.employee_signed_on)

    def test_the_token_lets_only_the_employee_sign(self):
        token = self.loan._ensure_employee_token()
        self.authenticate(None, None)
        page = self.url_open(f"/my/loans/{self.loan.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/loans/{self.loan.id}/sign/employee?access_token={token}", page.text)
        # The token never signs for an employer.
        self.assertIn("Sign in as a manager", self._sign(self.loan, "lender", access_token=token)["error"])
        result = self._sign(self.loan, "employee", access_token=token)
        self.assertEqual(result["redirect_url"], f"/my/loans/{self.loan.id}?access_token={token}&message=signed")
        self.assertEqual(self.loan.state, "employee_signed")
        self.assertEqual(self.loan.employee_signed_ip, "127.0.0.1")
        # The borrower's manager holding the employee's link signs nothing as the employee.
        other = self._create_loan(date_start=self.loan.date_end, date_end=self.loan.date_end)
        other.action_send_for_consent()
        self._login(self.borrower_manager)
        error = self._sign(other, "employee", access_token=other._ensure_employee_token())["error"]
        self.assertIn("Only the employee signs", error)
        self.assertEqual(other.state, "consent")

    def test_employee_refuses(self):
        self._login(self.employee_user)
        response = self.url_open(
            f"/my/loans/{self.loan.id}/refuse",
            data={"csrf_token": http.Request.csrf_token(self), "reason": "Je garde mon service."},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.loan.state, "cancelled")
        self.assertEqual(self.loan.refusal_reason, "Je garde mon service.")

    def test_only_the_employee_refuses(self):
        self._login(self.lender_manager)
        response = self.url_open(
            f"/my/loans/{self.loan.id}/refuse", data={"csrf_token": http.Request.csrf_token(self), "reason": "Non"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Only the employee signs", response.text)
        self.assertEqual(self.loan.state, "consent")

    # ------------------------------------------------------------------ the employers sign

    def test_employers_sign_after_the_employee_each_for_their_member(self):
        self._login(self.lender_manager)
        error = self._sign(self.loan, "lender", name="Directrice Prêteuse")["error"]
        self.assertIn("The employee signs first", error)
        self.assertFalse(self.loan.lender_signed_on)

        self.loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE, "127.0.0.1")
        page = self.url_open(f"/my/loans/{self.loan.id}").text
        self.assertIn("o_reserve_loan_sign_button", page)
        self.assertIn(f"/my/loans/{self.loan.id}/sign/lender", page)
        # A manager signs only for the member they manage.
        error = self._sign(self.loan, "borrower", name="Directrice Prêteuse")["error"]
        self.assertIn("Only a manager of EHPAD Test Les Chênes", error)
        self.assertFalse(self.loan.borrower_signed_on)

        self._sign(self.loan, "lender", name="Directrice Prêteuse")
        self.assertEqual(self.loan.lender_signed_by, "Directrice Prêteuse")
        self.assertEqual(self.loan.lender_signer_id, self.lender_manager)
        self.assertEqual(self.loan.lender_signed_ip, "127.0.0.1")
        self.assertEqual(self.loan.state, "employee_signed")
        self.assertIn("has already signed", self._sign(self.loan, "lender", name="Directrice Prêteuse")["error"])

        self._login(self.borrower_manager)
        self.assertIn("Your signature is awaited", self.url_open("/my/loans").text)
        self._sign(self.loan, "borrower", name="Directeur Emprunteur")
        self.assertEqual(self.loan.borrower_signed_by, "Directeur Emprunteur")
        self.assertIn(self.loan.state, ("signed", "running"))
        page = self.url_open(f"/my/loans/{self.loan.id}").text
        self.assertEqual(page.count('class="list-group-item o_reserve_loan_signature" data-signed="1"'), 3)

    def test_parties_download_the_documents(self):
        for user in (self.employee_user, self.lender_manager, self.borrower_manager):
            self._login(user)
            for kind in ("convention", "avenant"):
                with self.subTest(user=user.login, kind=kind):
                    response = self.url_open(f"/my/loans/{self.loan.id}/document/{kind}")
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(self.loan.name, response.text)
        self.assertEqual(self.url_open(f"/my/loans/{self.loan.id}/document/payslip").status_code, 404)

    def test_documents_are_named_as_their_report(self):
        self._login(self.employee_user)
        for kind, name in (("convention", "Convention"), ("avenant", "Avenant")):
            with self.subTest(kind=kind):
                response = self.url_open(f"/my/loans/{self.loan.id}/document/{kind}?download=1")
                self.assertEqual(response.status_code, 200)
                disposition = response.headers["Content-Disposition"]
                self.assertIn("attachment", disposition)
                self.assertIn(f"{name}_{self.loan.name.replace('/', '_')}.pdf", disposition)

    def test_the_list_of_loans_is_paged_not_cut(self):
        others = self.env["reserve.loan.contract"]
        for offset in (40, 42):
            other = self._create_loan(
                date_start=self.loan.date_start + timedelta(days=offset),
                date_end=self.loan.date_start + timedelta(days=offset + 1),
            )
            other.action_send_for_consent()
            others |= other
        self._login(self.lender_manager)
        with patch.object(CustomerPortal, "_items_per_page", 2):
            first = self.url_open("/my/loans").text
            second = self.url_open("/my/loans/page/2").text
        loans = self.loan | others
        on_first = {loan for loan in loans if loan.name in first}
        on_second = {loan for loan in loans if loan.name in second}
        self.assertEqual(len(on_first), 2)
        self.assertIn("/my/loans/page/2", first)
        self.assertEqual(on_first | on_second, set(loans))
        self.assertFalse(on_first & on_second)


@tagged("post_install", "-at_install")
class TestLoanFrameworkPortal(LoanPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.framework = cls.env["reserve.loan.framework"].create(
            {"lender_id": cls.lender.id, "borrower_id": cls.borrower.id}
        )
        cls.framework.action_send_for_signature()

    def _sign_framework(self, role, name):
        return self.make_jsonrpc_request(
            f"/my/loans/framework/{self.framework.id}/sign/{role}", {"name": name, "signature": SIGNATURE.decode()}
        )

    def test_both_managers_sign_the_framework_agreement(self):
        self._login(self.lender_manager)
        self.assertEqual(self._counters(), 1)
        listing = self.url_open("/my/loans").text
        self.assertIn(self.framework.name, listing)
        self.assertIn("Your signature is awaited", listing)
        page = self.url_open(self.framework.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/loans/framework/{self.framework.id}/sign/lender", page.text)
        self.assertIn("Only a manager of EHPAD Test Les Chênes", self._sign_framework("borrower", "X")["error"])
        self.assertIn("Type your full name", self._sign_framework("lender", " ")["error"])
        self.assertFalse(self.framework.lender_signed_on)
        result = self._sign_framework("lender", "Directrice Prêteuse")
        self.assertEqual(result["redirect_url"], f"/my/loans/framework/{self.framework.id}?message=signed")
        self.assertEqual(self.framework.lender_signed_by, "Directrice Prêteuse")
        self.assertEqual(self.framework.lender_signed_ip, "127.0.0.1")
        self.assertEqual(self.framework.state, "to_sign")

        self._login(self.borrower_manager)
        self._sign_framework("borrower", "Directeur Emprunteur")
        self.assertEqual(self.framework.state, "signed")
        self.assertIn("This agreement is not awaiting signatures", self._sign_framework("borrower", "Y")["error"])

    def test_outsiders_cannot_see_the_framework_agreement(self):
        for user in (self.third_manager, self.employee_user, self.portal_user):
            with self.subTest(user=user.login):
                self._login(user)
                self.assertNotIn(self.framework.name, self.url_open("/my/loans").text)
                self.assertEqual(self.url_open(self.framework.access_url).status_code, 404)
                self.assertEqual(self.url_open(f"{self.framework.access_url}/document").status_code, 404)
                with self.assertRaises(JsonRpcException) as caught:
                    self._sign_framework("lender", "Intrus")
                self.assertEqual(caught.exception.code, 404)
        self.assertFalse(self.framework.lender_signed_on)

    def test_employee_alone_signs_an_annex_of_a_signed_agreement(self):
        self.framework.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice Prêteuse", SIGNATURE)
        self.framework.with_user(self.borrower_manager)._sign_as_employer("borrower", "Directeur Emprunteur", SIGNATURE)
        self.assertEqual(self.framework.state, "signed")
        annex = self._create_loan(framework_id=self.framework.id)
        annex.action_send_for_consent()

        self._login(self.employee_user)
        page = self.url_open(annex.access_url).text
        self.assertIn("Annex to the framework agreement", page)
        # The employee reads the agreement's reference, not the employers' page.
        self.assertNotIn(f'href="{self.framework.access_url}"', page)
        self._sign(annex, "employee")
        self.assertEqual(annex.state, "signed")
        self.assertEqual(annex.employee_signed_ip, "127.0.0.1")

        self._login(self.borrower_manager)
        page = self.url_open(annex.access_url).text
        self.assertIn(f'href="{self.framework.access_url}"', page)
        self.assertEqual(page.count("Signed once for all in the framework agreement"), 2)
        self.assertNotIn("o_reserve_loan_sign_button", page)
        self.assertIn("covers this loan", self._sign(annex, "borrower", name="Directeur Emprunteur")["error"])


@tagged("post_install", "-at_install")
class TestLoanSigningLink(LoanPortalCommon):
    """The employee's link on the portal: what a manager's URL, an expired or a replaced link open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan = cls._create_loan()
        cls.loan.action_send_for_consent()

    def _new_link(self, access_token):
        return self.url_open(
            f"/my/loans/{self.loan.id}/new-link",
            data={"csrf_token": http.Request.csrf_token(self), "access_token": access_token},
        )

    def _expire(self):
        self.loan.sudo().write({"employee_token_expiry": fields.Datetime.now() - timedelta(minutes=1)})

    def test_the_portal_url_a_manager_gets_over_rpc_does_not_sign(self):
        self._login(self.lender_manager)
        url = self.make_jsonrpc_request(
            "/web/dataset/call_kw/reserve.loan.contract/get_portal_url",
            {"model": "reserve.loan.contract", "method": "get_portal_url", "args": [self.loan.ids], "kwargs": {}},
        )
        self.assertNotIn(self.loan.employee_token, url)
        shared = url.partition("access_token=")[2]
        self.authenticate(None, None)
        page = self.url_open(url)
        self.assertNotIn("o_reserve_loan_sign_button", page.text)
        self.assertNotIn("EHPAD Test Les Chênes, 1 rue des Chênes, Nantes", page.text, "no terms shown")
        self.assertIn("error", self._sign(self.loan, "employee", access_token=shared))
        self.assertEqual(self.loan.state, "consent")

    def test_a_private_signing_method_is_refused_over_json_rpc(self):
        self._login(self.lender_manager)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/reserve.loan.contract/_sign_as_employee",
                {
                    "model": "reserve.loan.contract",
                    "method": "_sign_as_employee",
                    "args": [self.loan.ids, "Forgé", SIGNATURE.decode()],
                    "kwargs": {},
                },
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.assertEqual(self.loan.state, "consent")

    def test_an_expired_link_says_how_to_get_a_new_one(self):
        token = self.loan.employee_token
        self._expire()
        self.authenticate(None, None)
        page = self.url_open(f"/my/loans/{self.loan.id}?access_token={token}")
        self.assertEqual(page.status_code, 410)
        self.assertIn("This link has expired.", page.text)
        self.assertIn("o_reserve_loan_new_link_form", page.text)
        self.assertNotIn("EHPAD Test Les Chênes, 1 rue des Chênes, Nantes", page.text, "no terms shown")
        self.assertEqual(
            self.url_open(f"/my/loans/{self.loan.id}/document/avenant?access_token={token}").status_code, 410
        )
        self.assertIn("expired", self._sign(self.loan, "employee", access_token=token)["error"])
        self.assertEqual(self.loan.state, "consent")

    def test_the_employee_gets_a_new_link_from_the_expired_one(self):
        token = self.loan.employee_token
        self._expire()
        self.authenticate(None, None)
        response = self._new_link(token)
        self.assertEqual(response.status_code, 410)
        self.assertIn("A new link was sent to your e-mail address.", response.text)
        new_token = self.loan.employee_token
        self.assertNotEqual(new_token, token)
        mails = self.env["mail.mail"].search([("model", "=", self.loan._name), ("res_id", "=", self.loan.id)])
        self.assertIn(new_token, mails.sorted("id")[-1:].body_html)
        self.assertEqual(mails.sorted("id")[-1:].recipient_ids, self.lent.partner_id)
        # Asking again with the old link sends nothing more: a valid link is out.
        self.assertNotIn("A new link was sent", self._new_link(token).text)
        self.assertEqual(self.loan.employee_token, new_token)
        self.assertEqual(self.url_open(f"/my/loans/{self.loan.id}?access_token={new_token}").status_code, 200)

    def test_the_link_of_a_loan_back_to_draft_is_refused_with_a_message(self):
        old = self.loan.employee_token
        self.loan.action_draft()
        self.authenticate(None, None)
        page = self.url_open(f"/my/loans/{self.loan.id}?access_token={old}")
        self.assertEqual(page.status_code, 410)
        self.assertIn("Your employer is changing the terms of this loan.", page.text)
        self.assertNotIn("o_reserve_loan_new_link_form", page.text)
        self.loan.hourly_cost = 15.0
        self.loan.action_send_for_consent()
        page = self.url_open(f"/my/loans/{self.loan.id}?access_token={old}")
        self.assertEqual(page.status_code, 410)
        self.assertIn("It was replaced by a newer link", page.text)
        self.assertIn("replaced", self._sign(self.loan, "employee", access_token=old)["error"])
        result = self._sign(self.loan, "employee", access_token=self.loan.employee_token)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.loan.state, "employee_signed")

    def test_a_made_up_link_stays_not_found(self):
        self.authenticate(None, None)
        self.assertEqual(self.url_open(f"/my/loans/{self.loan.id}?access_token={'0' * 32}-{'0' * 64}").status_code, 404)
        response = self._new_link("not-the-token")
        self.assertEqual(response.status_code, 404)
