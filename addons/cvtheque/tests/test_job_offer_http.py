import re

from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .test_job_offer import JobOfferCommon


@tagged("post_install", "-at_install")
class TestJobOfferHttp(HttpCase, JobOfferCommon):
    """The public offers page without login, applying, the candidate's space, downloads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.portal_user.write({"password": "t_portal_pw_1234"})
        cls.manager.write({"password": "t_manager_pw_1234"})
        cls.other_manager.write({"password": "t_other_pw_1234"})
        cls.documents, _errors = cls.cv_selected._add_documents([("cv.pdf", cls.pdf("Infirmier de nuit"))])

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_public_page_without_login(self):
        response = self.url_open("/offres-emploi")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Aide-soignant(e)", response.text)
        self.assertIn(self.other_member.name, response.text)
        response = self.url_open(f"/offres-emploi?contract_type_id={self.contract_permanent.id}")
        self.assertIn(self.member.name, response.text)
        self.assertNotIn(self.other_member.name, response.text)
        saint_lo = self.env.ref("reserve_medicosociale.commune_50502")
        response = self.url_open(f"/offres-emploi?commune_id={saint_lo.id}&radius=10")
        self.assertNotIn(f"/offres-emploi/{self.offer.id}", response.text)
        response = self.url_open(f"/offres-emploi?commune_id={self.commune_cherbourg.id}&radius=10")
        self.assertIn(f"/offres-emploi/{self.offer.id}", response.text)
        response = self.url_open(f"/offres-emploi/{self.offer.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cvtheque_apply", response.text)
        draft = self.Job.create({"name": "Brouillon", "establishment_id": self.member.id})
        self.assertEqual(self.url_open(f"/offres-emploi/{draft.id}").status_code, 404)

    def test_visitor_applies_with_upload(self):
        page = self.url_open(f"/offres-emploi/{self.offer.id}")
        response = self.url_open(
            f"/offres-emploi/{self.offer.id}/postuler",
            data={
                "csrf_token": self._csrf(page.text),
                "partner_name": "Nina Durand",
                "email": "nina@example.com",
                "consent": "1",
            },
            files={"file": ("nina.exe", b"MZ not a cv", "application/pdf")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("not a PDF", response.text)
        response = self.url_open(
            f"/offres-emploi/{self.offer.id}/postuler",
            data={
                "csrf_token": self._csrf(page.text),
                "partner_name": "Nina Durand",
                "email": "nina@example.com",
                "consent": "1",
            },
            files={"file": ("nina.pdf", self.pdf("Aide-soignante diplômée"), "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cvtheque_thanks", response.text)
        applicant = self.env["hr.applicant"].search([("email_from", "=", "nina@example.com")])
        self.assertEqual(applicant.job_id, self.offer)
        self.assertEqual(applicant.cv_id.visibility, "association")
        self.assertEqual(applicant.cv_id.user_id.partner_id, applicant.partner_id)
        self.assertTrue(applicant.attachment_ids)

    def test_candidate_sees_stage_on_my(self):
        application = self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        stage = self.env["hr.recruitment.stage"].search([], order="sequence")[1]
        application.stage_id = stage
        self.authenticate("t_portal", "t_portal_pw_1234")
        response = self.url_open("/my/applications")
        self.assertIn(stage.name, response.text)
        self.assertIn(self.member.name, response.text)

    def test_document_download_logged_and_refused_to_others(self):
        url = f"/cvtheque/document/{self.documents.id}"
        self.authenticate("t_other_manager", "t_other_pw_1234")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate("t_manager", "t_manager_pw_1234")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))
        view = self.env["cvtheque.cv.view"].search([("cv_id", "=", self.cv_selected.id), ("kind", "=", "download")])
        self.assertEqual(view.user_id, self.manager)
        # The file field itself is not open to members (Odoo's /web/content).
        response = self.url_open(f"/web/content/cvtheque.cv.document/{self.documents.id}/file")
        self.assertNotEqual(response.status_code, 200)

    def test_portal_cv_page_and_other_persons_urls(self):
        self.cv_portal.with_user(self.manager).read(["summary"])
        self.authenticate("t_portal", "t_portal_pw_1234")
        response = self.url_open("/my/cv")
        self.assertIn(self.member.name, response.text)
        self.assertIn("o_cvtheque_withdraw", response.text)
        csrf = self._csrf(response.text)
        response = self.url_open(f"/my/cv/{self.cv_selected.id}/withdraw", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.cv_selected.state, "published")
        self.assertEqual(self.url_open(f"/cvtheque/document/{self.documents.id}").status_code, 404)
        response = self.url_open(f"/my/cv/{self.cv_portal.id}/withdraw", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 200)
        self.cv_portal.invalidate_recordset()
        self.assertEqual(self.cv_portal.state, "withdrawn")

    def test_portal_upload_bad_and_good(self):
        self.authenticate("t_portal", "t_portal_pw_1234")
        csrf = self._csrf(self.url_open("/my/cv").text)
        response = self.url_open(
            f"/my/cv/{self.cv_portal.id}/upload",
            data={"csrf_token": csrf},
            files=[
                ("file", ("photo.png", b"\x89PNG\r\n\x1a\n0000", "image/png")),
                ("file", ("cv.docx", self.docx("Aide-soignante en SSIAD"), "application/octet-stream")),
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("photo.png", response.text)
        self.assertEqual(self.cv_portal.document_ids.mapped("name"), ["cv.docx"])

    def test_public_page_in_french_and_job_filter(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.opener.cookies["frontend_lang"] = "fr_FR"
        response = self.url_open("/offres-emploi")
        self.assertIn("Offres d'emploi des établissements adhérents", response.text)
        response = self.url_open(f"/offres-emploi?job_id={self.job_care_assistant.id}")
        self.assertIn(f"/offres-emploi/{self.offer.id}", response.text)
        self.assertNotIn(f"/offres-emploi/{self.other_offer.id}", response.text)

    def test_reservist_adds_cv_from_reserve_pages(self):
        self.cv_portal.sudo().unlink()
        self.authenticate("t_portal", "t_portal_pw_1234")
        self.assertIn('href="/my/cv"', self.url_open("/my/reserve").text)
        page = self.url_open("/my/cv")
        self.assertIn("o_cvtheque_new", page.text)
        # The form comes filled from the reservist's profile.
        self.assertIn(self.job_care_assistant.name, page.text)
        response = self.url_open(
            "/my/cv/new",
            data={"csrf_token": self._csrf(page.text), "name": "Aide-soignante", "visibility": "all", "consent": "1"},
            files=[
                ("file", ("notes.txt", b"juste du texte", "text/plain")),
                ("file", ("cv.pdf", self.pdf("Aide-soignante en EHPAD"), "application/pdf")),
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("notes.txt", response.text)
        cv = self.Cv.search([("user_id", "=", self.portal_user.id)])
        self.assertEqual(cv.document_ids.mapped("name"), ["cv.pdf"])
        self.assertEqual(cv.person_id, self.portal_person)
        self.assertEqual(cv.job_ids, self.portal_person.job_ids)

    def test_new_cv_without_consent_is_refused_and_form_kept(self):
        self.cv_portal.sudo().unlink()
        self.authenticate("t_portal", "t_portal_pw_1234")
        page = self.url_open("/my/cv")
        response = self.url_open(
            "/my/cv/new", data={"csrf_token": self._csrf(page.text), "name": "Titre gardé", "visibility": "all"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Titre gardé", response.text)
        self.assertFalse(self.Cv.search([("user_id", "=", self.portal_user.id)]))

    def _visitor_apply(self, email, name="Nina Durand"):
        page = self.url_open(f"/offres-emploi/{self.offer.id}")
        return self.url_open(
            f"/offres-emploi/{self.offer.id}/postuler",
            data={"csrf_token": self._csrf(page.text), "partner_name": name, "email": email, "consent": "1"},
            files={"file": ("cv.pdf", self.pdf("Aide-soignante diplômée"), "application/pdf")},
        )

    def _set_limits(self, per_client, per_email):
        self.env["reserve.signup.attempt"].search([]).unlink()
        params = self.env["ir.config_parameter"]
        params.set_param("reserve_medicosociale.signup_limit_per_client", per_client)
        params.set_param("reserve_medicosociale.signup_limit_per_email", per_email)

    def test_visitor_applications_limited_per_connection(self):
        self._set_limits(per_client=2, per_email=0)
        self.env["res.lang"]._activate_lang("fr_FR")
        self.opener.cookies["frontend_lang"] = "fr_FR"
        self.assertEqual(self._visitor_apply("nina.1@example.com").status_code, 200)
        self.assertEqual(self._visitor_apply("nina.2@example.com").status_code, 200)
        response = self._visitor_apply("nina.3@example.com", name="Nina Troisième")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Trop de candidatures ont été envoyées depuis votre connexion", response.text)
        # The form is kept, nothing is created for the refused one.
        self.assertIn("Nina Troisième", response.text)
        self.assertFalse(self.env["res.partner"].search([("email", "=", "nina.3@example.com")]))
        self.assertEqual(self.env["hr.applicant"].search_count([("email_from", "like", "nina.%@example.com")]), 2)

    def test_visitor_applications_limited_per_email(self):
        self._set_limits(per_client=0, per_email=1)
        self.env["reserve.signup.attempt"]._record("203.0.113.9", "nina@example.com")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.opener.cookies["frontend_lang"] = "fr_FR"
        response = self._visitor_apply("nina@example.com")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Plusieurs candidatures ont déjà été envoyées avec cette adresse", response.text)
        self.assertFalse(self.env["hr.applicant"].search([("email_from", "=", "nina@example.com")]))

    def test_signup_and_applications_share_the_limits(self):
        self._set_limits(per_client=1, per_email=0)
        self.assertEqual(self._visitor_apply("nina.1@example.com").status_code, 200)
        attempt = self.env["reserve.signup.attempt"].search([("email_normalized", "=", "nina.1@example.com")])
        self.assertEqual(attempt.client_address, "127.0.0.1")
        self.assertTrue(self.env["reserve.signup.attempt"]._get_limit_message("127.0.0.1", "other@example.com"))

    def test_hours_shown_in_hours_and_minutes(self):
        self.offer.sudo().weekly_hours = 17.5
        self.env["res.lang"]._activate_lang("fr_FR")
        self.opener.cookies["frontend_lang"] = "fr_FR"
        listing = self.url_open("/offres-emploi").text
        self.assertIn("17 h 30 / semaine", listing)
        self.assertNotIn("17.5", listing)
        page = self.url_open(f"/offres-emploi/{self.offer.id}").text
        self.assertIn("17 h 30 par semaine", page)
        self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        self.portal_user.lang = "fr_FR"
        self.authenticate("t_portal", "t_portal_pw_1234")
        self.assertIn("17 h 30 / semaine", self.url_open("/my/applications").text)
