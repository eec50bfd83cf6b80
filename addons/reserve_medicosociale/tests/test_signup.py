from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from lxml import html

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import use_english_pages


class SignupCommon:
    @classmethod
    def _signup_setup(cls):
        use_english_pages(cls.env)
        cls.commune = cls.env.ref("reserve_medicosociale.commune_50129")
        cls.job = cls.env.ref("reserve_medicosociale.job_aide_soignant")
        cls.Person = cls.env["reserve.person"]
        # The limits count from zero, whatever the database saw from 127.0.0.1 before.
        cls.env["reserve.signup.attempt"].search([]).unlink()

    def _values(self, **changes):
        values = {
            "category": "retiree",
            "first_name": "Jeanne",
            "last_name": "Signupova",
            "email": "jeanne.signupova@example.com",
            "phone": "06 98 76 54 32",
            "commune_id": self.commune.id,
            "job_ids": [self.job.id],
            "employer_id": False,
            "consent": True,
            "lang": "en_US",
        }
        values.update(changes)
        return values

    def _set_limits(self, per_client=None, per_email=None):
        ICP = self.env["ir.config_parameter"].sudo()
        if per_client is not None:
            ICP.set_param("reserve_medicosociale.signup_limit_per_client", per_client)
        if per_email is not None:
            ICP.set_param("reserve_medicosociale.signup_limit_per_email", per_email)

    def _mails_to(self, email):
        return self.env["mail.mail"].search([("email_to", "=", email)])


@tagged("post_install", "-at_install")
class TestSignup(SignupCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._signup_setup()

    def test_signup_creates_user_partner_and_draft_profile_with_consent(self):
        person = self.Person._signup_create(self._values())
        self.assertEqual(person.state, "draft")
        self.assertEqual(person.name, "Jeanne Signupova")
        self.assertEqual(person.email, "jeanne.signupova@example.com")
        self.assertEqual(person.phone, "06 98 76 54 32")
        self.assertEqual(person.commune_id, self.commune)
        self.assertEqual(person.job_ids, self.job)
        self.assertTrue(person.consent_date)
        self.assertEqual(person.consent_text, self.Person._get_consent_text())
        self.assertIn("GDPR", person.consent_text)
        user = person.user_id
        self.assertEqual(user.login, "jeanne.signupova@example.com")
        self.assertEqual(user.partner_id, person.partner_id)
        self.assertTrue(user._is_portal())
        self.assertFalse(person.email_confirmed_date)

    def test_signup_emails_the_activation_link(self):
        person = self.Person._signup_create(self._values())
        mail = self.env["mail.mail"].search([("email_to", "=", person.user_id.email)])
        self.assertEqual(len(mail), 1)
        self.assertIn("/web/signup?", str(mail.body_html))
        self.assertEqual(person.partner_id.signup_type, "signup")

    def test_following_the_link_confirms_email_and_sends_profile_for_validation(self):
        person = self.Person._signup_create(self._values())
        token = person.partner_id._generate_signup_token()
        self.env["res.users"].signup({"password": "a long password 42"}, token)
        self.assertTrue(person.email_confirmed_date)
        self.assertEqual(person.state, "to_validate")

    def test_password_reset_later_does_not_resubmit_a_sent_back_profile(self):
        person = self.Person._signup_create(self._values())
        person._portal_confirm_email()
        person.action_send_back("Add your diploma")
        person.partner_id.signup_prepare(signup_type="reset")
        self.env["res.users"].signup({"password": "another long password"}, person.partner_id._generate_signup_token())
        self.assertEqual(person.state, "draft")

    def test_duplicate_email_is_refused(self):
        self.Person._signup_create(self._values())
        with self.assertRaises(UserError) as error:
            self.Person._signup_create(self._values(first_name="Other", email="Jeanne.Signupova@Example.com"))
        self.assertIn("already exists", str(error.exception))

    def test_email_of_an_existing_user_is_refused(self):
        new_test_user(self.env, "existing.user@example.com", groups="base.group_portal")
        # Not a form error (that would tell who is in the reserve), but no second account.
        errors = self.Person._signup_get_errors(self._values(email="existing.user@example.com"))
        self.assertNotIn("email", errors)
        with self.assertRaises(UserError):
            self.Person._signup_create(self._values(email="existing.user@example.com"))

    def test_missing_consent_is_refused(self):
        with self.assertRaises(UserError) as error:
            self.Person._signup_create(self._values(consent=False))
        self.assertIn("personal data", str(error.exception))
        self.assertFalse(self.env["res.users"].search([("login", "=", "jeanne.signupova@example.com")]))
        self.assertFalse(self.env["res.partner"].search([("email", "=", "jeanne.signupova@example.com")]))

    def test_every_wrong_value_gets_a_message(self):
        errors = self.Person._signup_get_errors(
            self._values(
                category="astronaut",
                first_name=" ",
                last_name="",
                email="not-an-email",
                phone="call me",
                commune_id=False,
                job_ids=[],
                consent=False,
            )
        )
        self.assertEqual(
            set(errors),
            {"category", "first_name", "last_name", "email", "phone", "commune_id", "job_ids", "consent"},
        )

    def test_lent_employee_needs_a_member_employer(self):
        errors = self.Person._signup_get_errors(self._values(category="lent_employee"))
        self.assertIn("employer_id", errors)
        not_member = self.env["res.partner"].create({"name": "Not a member", "is_company": True})
        errors = self.Person._signup_get_errors(self._values(category="lent_employee", employer_id=not_member.id))
        self.assertIn("employer_id", errors)

    def test_email_limit_holds_across_client_addresses(self):
        self._set_limits(per_client=0, per_email=2)
        self.assertEqual(self.Person._signup_request(self._values(), "203.0.113.1"), {})
        self.assertEqual(self.Person._signup_request(self._values(first_name="Jean"), "203.0.113.2"), {})
        errors = self.Person._signup_request(self._values(first_name="Jeannot"), "198.51.100.3")
        self.assertIn("several messages to this e-mail address today", errors.get("limit", ""))
        self.assertEqual(len(self._mails_to("jeanne.signupova@example.com")), 2)

    def test_client_limit_counts_the_last_hour_only(self):
        self._set_limits(per_client=1, per_email=0)
        Attempt = self.env["reserve.signup.attempt"]
        earlier = Attempt._record("203.0.113.1", "someone.else@example.com")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE reserve_signup_attempt SET create_date = %s WHERE id = %s",
                self.env.cr.now() - timedelta(minutes=61),
                earlier.id,
            )
        )
        self.assertEqual(self.Person._signup_request(self._values(), "203.0.113.1"), {})
        errors = self.Person._signup_request(self._values(email="third.person@example.com"), "203.0.113.1")
        self.assertIn("from your connection in the last hour", errors.get("limit", ""))

    def test_old_attempts_are_purged(self):
        Attempt = self.env["reserve.signup.attempt"]
        old = Attempt._record("203.0.113.1", "old.attempt@example.com")
        recent = Attempt._record("203.0.113.1", "recent.attempt@example.com")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE reserve_signup_attempt SET create_date = %s WHERE id = %s",
                self.env.cr.now() - timedelta(days=1, minutes=1),
                old.id,
            )
        )
        Attempt._gc_old_attempts()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())


@tagged("post_install", "-at_install")
class TestSignupPage(SignupCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._signup_setup()

    def _post(self, **changes):
        page = self.url_open("/reserve/inscription")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        values = self._values(**changes)
        data = {key: value for key, value in values.items() if key not in ("consent", "lang") and value}
        if values["consent"]:
            data["consent"] = "1"
        return self.url_open("/reserve/inscription", data={**data, "csrf_token": csrf}, allow_redirects=False)

    def test_public_page_shows_the_consent_text(self):
        response = self.url_open("/reserve/inscription")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_reserve_consent_text", response.text)
        self.assertIn("rectification", response.text)

    def test_signup_from_the_page(self):
        response = self._post()
        self.assertEqual(response.status_code, 303)
        self.assertIn("/reserve/inscription/merci", response.headers["Location"])
        person = self.Person.search([("email", "=", "jeanne.signupova@example.com")])
        self.assertEqual(person.state, "draft")
        self.assertTrue(person.user_id)

    def test_bad_input_rerenders_the_form_with_values(self):
        response = self._post(consent=False, phone="not a phone")
        self.assertEqual(response.status_code, 400)
        self.assertIn('value="Jeanne"', response.text)
        self.assertIn("Tick the box", response.text)
        self.assertIn("phone number", response.text)
        self.assertFalse(self.Person.search([("email", "=", "jeanne.signupova@example.com")]))

    def test_known_and_unknown_address_get_the_same_answer(self):
        first = self._post()
        self.url_open("/web/session/logout")
        again = self._post(first_name="Jean")
        self.assertEqual(
            (again.status_code, again.headers.get("Location")), (first.status_code, first.headers.get("Location"))
        )
        self.assertEqual(again.status_code, 303)
        page = self.url_open(again.headers["Location"])
        self.assertIn("We sent you a message to finish your registration", page.text)

    def test_known_address_is_emailed_how_to_sign_in_and_gets_no_new_profile(self):
        user = new_test_user(
            self.env, "known.reservist@example.com", groups="base.group_portal", email="known.reservist@example.com"
        )
        response = self._post(email="Known.Reservist@Example.com")
        self.assertEqual(response.status_code, 303)
        mail = self._mails_to("known.reservist@example.com")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Your account in the reserve")
        self.assertIn("/web/login", str(mail.body_html))
        self.assertIn("/web/reset_password", str(mail.body_html))
        self.assertNotIn("/web/signup?", str(mail.body_html))
        self.assertFalse(self.Person.search([("partner_id.email_normalized", "=", "known.reservist@example.com")]))
        self.assertEqual(self.env["res.users"].search([("email_normalized", "=", "known.reservist@example.com")]), user)

    def test_wildcards_in_the_address_match_no_other_account(self):
        self.Person._signup_create(self._values())
        for email in ("jeanne_signupova@example.com", "%@example.com"):
            response = self._post(first_name="Wild", email=email)
            self.assertEqual(response.status_code, 303, email)
            # A profile of its own: the address was not taken for Jeanne's.
            self.assertEqual(len(self.Person.search([("partner_id.email", "=", email)])), 1, email)
        self.assertEqual(len(self._mails_to("jeanne.signupova@example.com")), 1)

    def test_filled_honeypot_creates_and_sends_nothing(self):
        response = self._post(website="https://cheap-pills.example.com")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/reserve/inscription/merci", response.headers["Location"])
        self.assertFalse(self.env["res.partner"].search([("email_normalized", "=", "jeanne.signupova@example.com")]))
        self.assertFalse(self._mails_to("jeanne.signupova@example.com"))
        self.assertFalse(self.env["reserve.signup.attempt"].search([("client_address", "=", "127.0.0.1")]))

    def test_honeypot_is_hidden_from_people_and_screen_readers(self):
        page = html.fromstring(self.url_open("/reserve/inscription").content)
        field = page.xpath("//form[contains(@class, 'o_reserve_signup_form')]//input[@name='website']")
        self.assertEqual(len(field), 1)
        self.assertEqual(field[0].get("tabindex"), "-1")
        self.assertEqual(field[0].get("autocomplete"), "off")
        wrapper = field[0].getparent()
        self.assertEqual(wrapper.get("aria-hidden"), "true")
        self.assertIn("left: -10000px", wrapper.get("style"))

    def test_attempt_over_the_client_limit_is_refused_with_a_clear_message(self):
        self._set_limits(per_client=2, per_email=0)
        for index in range(2):
            response = self._post(email=f"person.{index}@example.com")
            self.assertEqual(response.status_code, 303)
        response = self._post(email="person.2@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many registrations were sent from your connection in the last hour", response.text)
        self.assertIn('value="Jeanne"', response.text)
        self.assertFalse(self.env["res.partner"].search([("email_normalized", "=", "person.2@example.com")]))
        self.assertFalse(self._mails_to("person.2@example.com"))

    def test_commune_typed_without_javascript(self):
        page = self.url_open("/reserve/inscription")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            "/reserve/inscription",
            data={
                "csrf_token": csrf,
                "category": "retiree",
                "first_name": "Jeanne",
                "last_name": "Signupova",
                "email": "jeanne.signupova@example.com",
                "commune_search": self.commune.name,
                "job_ids": self.job.id,
                "consent": "1",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.assertEqual(self.Person.search([("email", "=", "jeanne.signupova@example.com")]).commune_id, self.commune)

    def test_commune_search(self):
        response = self.url_open("/reserve/communes?q=" + self.commune.postal_codes.split(" ")[0])
        self.assertIn(self.commune.id, [commune["id"] for commune in response.json()])

    @mute_logger("odoo.http")
    def test_signed_in_user_goes_to_own_page(self):
        new_test_user(self.env, "t_signup_portal", groups="base.group_portal")
        self.authenticate("t_signup_portal", "t_signup_portal")
        response = self.url_open("/reserve/inscription", allow_redirects=False)
        self.assertIn("/my/reserve", response.headers.get("Location", ""))


def signup_link_from_mail(env, email):
    """The relative activation link of the e-mail sent at signup."""
    mail = env["mail.mail"].search([("email_to", "=", email)], limit=1, order="id desc")
    body = str(mail.body_html)
    start = body.index("/web/signup?")
    link = body[start : body.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query.get("token"), link
    return link
