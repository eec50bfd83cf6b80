from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import use_english_pages


class SignupCommon:
    @classmethod
    def _signup_setup(cls):
        use_english_pages(cls.env)
        cls.commune = cls.env.ref("reserve_medicosociale.commune_50129")
        cls.job = cls.env.ref("reserve_medicosociale.job_aide_soignant")
        cls.Person = cls.env["reserve.person"]

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
        errors = self.Person._signup_check_values(self._values(email="existing.user@example.com"))
        self.assertIn("email", errors)

    def test_missing_consent_is_refused(self):
        with self.assertRaises(UserError) as error:
            self.Person._signup_create(self._values(consent=False))
        self.assertIn("personal data", str(error.exception))
        self.assertFalse(self.env["res.users"].search([("login", "=", "jeanne.signupova@example.com")]))
        self.assertFalse(self.env["res.partner"].search([("email", "=", "jeanne.signupova@example.com")]))

    def test_every_wrong_value_gets_a_message(self):
        errors = self.Person._signup_check_values(
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
        errors = self.Person._signup_check_values(self._values(category="lent_employee"))
        self.assertIn("employer_id", errors)
        not_member = self.env["res.partner"].create({"name": "Not a member", "is_company": True})
        errors = self.Person._signup_check_values(self._values(category="lent_employee", employer_id=not_member.id))
        self.assertIn("employer_id", errors)


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

    def test_duplicate_email_gets_a_clear_message(self):
        self._post()
        self.url_open("/web/session/logout")
        response = self._post(first_name="Jean")
        self.assertEqual(response.status_code, 400)
        self.assertIn("already exists with this e-mail address", response.text)

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
