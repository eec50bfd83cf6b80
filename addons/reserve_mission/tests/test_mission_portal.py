import datetime
import io
import re
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfReader

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common import MissionCommon

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _flat(text):
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@tagged("post_install", "-at_install")
class TestMissionPortal(MissionCommon, HttpCase):
    """Public pages readable without login; applying only for a signed-in volunteer; the
    volunteer's own pages; the one-click "it happened" link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        (cls.volunteer_user | cls.other_volunteer_user).lang = "en_US"
        cls.mission = cls._published_mission(seats=1)
        cls.draft = cls._create_mission(name="Mission pas encore publiée")

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text)[1]

    # ------------------------------------------------------------------ public pages

    def test_public_list_and_page_without_login(self):
        response = self.url_open("/reserve/missions")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.mission.name, response.text)
        self.assertNotIn(self.draft.name, response.text)
        response = self.url_open(f"/reserve/missions/{self.mission.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mme Durand, animatrice", response.text)
        self.assertIn("I apply", response.text)
        # The tutor's phone is for the validated volunteers only.
        self.assertNotIn(self.mission.tutor_phone, response.text)

    def test_unpublished_mission_is_not_found(self):
        self.assertEqual(self.url_open(f"/reserve/missions/{self.draft.id}").status_code, 404)
        self.authenticate("t_volunteer", "t_volunteer")
        self.assertEqual(self.url_open(f"/reserve/missions/{self.draft.id}").status_code, 404)

    def test_list_filters_by_commune_and_radius(self):
        far = self._published_mission(
            name="Lecture à Nantes", structure_id=self.other_member.id, commune_id=self.commune_nantes.id
        )
        response = self.url_open(f"/reserve/missions?commune_id={self.commune_cherbourg.id}&radius=20")
        self.assertIn(self.mission.name, response.text)
        self.assertNotIn(far.name, response.text)
        response = self.url_open("/reserve/missions?commune_search=Nantes&radius=10")
        self.assertIn(far.name, response.text)
        self.assertNotIn(self.mission.name, response.text)
        response = self.url_open("/reserve/missions?date=not-a-date")
        self.assertEqual(response.status_code, 200)
        self.assertIn("is not a date", response.text)

    def test_visitor_who_applies_goes_to_sign_in_and_back(self):
        csrf = self._csrf(f"/reserve/missions/{self.mission.id}")
        response = self.url_open(
            f"/reserve/missions/{self.mission.id}/apply", data={"csrf_token": csrf}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/web/login?redirect=/reserve/missions/{self.mission.id}", response.headers["Location"])
        self.assertFalse(self.mission.participation_ids)

    def test_signup_keeps_the_mission(self):
        response = self.url_open(f"/reserve/missions/{self.mission.id}/inscription", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/reserve/inscription", response.headers["Location"])
        page = self.url_open("/reserve/inscription?category=volunteer")
        self.assertIn("brings you back to the mission", page.text)
        self.assertIn(f"/web/login?redirect=/reserve/missions/{self.mission.id}", page.text)
        csrf = CSRF_RE.search(page.text)[1]
        response = self.url_open(
            "/reserve/inscription",
            data={
                "csrf_token": csrf,
                "category": "volunteer",
                "first_name": "Nouvelle",
                "last_name": "Bénévole",
                "email": "nouvelle.benevole@example.com",
                "commune_id": str(self.commune_cherbourg.id),
                "job_ids": str(self.job_cleaner.id),
                "consent": "1",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        person = self.env["reserve.person"].search([("email", "=", "nouvelle.benevole@example.com")])
        self.assertEqual(person.mission_after_login_id, self.mission)
        # Signing in (after the activation link) brings them back to the mission.
        person.user_id.password = "nouvelle-benevole-1"
        self.url_open("/web/session/logout", allow_redirects=False)
        csrf = self._csrf("/web/login")
        response = self.url_open(
            "/web/login",
            data={"login": "nouvelle.benevole@example.com", "password": "nouvelle-benevole-1", "csrf_token": csrf},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/reserve/missions/{self.mission.id}"))
        self.url_open(f"/reserve/missions/{self.mission.id}")
        self.assertFalse(person.mission_after_login_id, "once seen, the next sign-in goes to /my")

    def test_signed_in_volunteer_applies_in_one_tap(self):
        self.authenticate("t_volunteer", "t_volunteer")
        csrf = self._csrf(f"/reserve/missions/{self.mission.id}")
        response = self.url_open(f"/reserve/missions/{self.mission.id}/apply", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your application is sent", response.text)
        participation = self.mission.participation_ids
        self.assertEqual((participation.person_id, participation.state), (self.volunteer, "pending"))
        # The second volunteer gets the waiting list.
        self.authenticate("t_volunteer_other", "t_volunteer_other")
        csrf = self._csrf(f"/reserve/missions/{self.mission.id}")
        response = self.url_open(f"/reserve/missions/{self.mission.id}/apply", data={"csrf_token": csrf})
        self.assertIn("waiting list", response.text)
        self.assertEqual(self.mission.participation_ids.mapped("state"), ["waitlist", "pending"])

    def test_apply_without_csrf_is_refused(self):
        self.authenticate("t_volunteer", "t_volunteer")
        response = self.url_open(f"/reserve/missions/{self.mission.id}/apply", data={})
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.mission.participation_ids)

    def test_internal_user_without_profile_cannot_apply(self):
        self.authenticate("t_manager", "t_manager")
        csrf = self._csrf(f"/reserve/missions/{self.mission.id}")
        self.url_open(f"/reserve/missions/{self.mission.id}/apply", data={"csrf_token": csrf})
        self.assertFalse(self.mission.participation_ids)

    # ------------------------------------------------------------------ /my/missions

    def test_my_missions_and_cancel(self):
        participation = self.mission._apply(self.volunteer)
        participation.sudo().testimony = "Merci pour votre sourire."
        self.authenticate("t_volunteer", "t_volunteer")
        response = self.url_open("/my/missions")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.mission.name, response.text)
        self.assertIn("Merci pour votre sourire.", response.text)
        # Another person's participation: not found.
        self.authenticate("t_volunteer_other", "t_volunteer_other")
        csrf = self._csrf(f"/reserve/missions/{self.mission.id}")
        response = self.url_open(f"/my/missions/{participation.id}/cancel", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(participation.state, "pending")
        self.authenticate("t_volunteer", "t_volunteer")
        csrf = self._csrf("/my/missions")
        response = self.url_open(f"/my/missions/{participation.id}/cancel", data={"csrf_token": csrf})
        self.assertIn("Your participation is cancelled", response.text)
        self.assertEqual(participation.state, "cancelled")

    def test_attestation_download_is_the_volunteers_own(self):
        self.authenticate("t_volunteer", "t_volunteer")
        response = self.url_open("/my/missions/attestation")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Attestation de bénévolat", response.text)
        self.assertIn("Bénévole Un", response.text)
        self.assertNotIn("Bénévole Deux", response.text)
        self.authenticate("t_manager", "t_manager")
        self.assertEqual(self.url_open("/my/missions/attestation").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open("/my/missions/attestation", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))

    # ------------------------------------------------------------------ "it happened"

    def test_happened_link_shows_on_get_and_records_on_post(self):
        participation = self.mission._apply(self.volunteer)
        participation.with_user(self.manager).action_validate()
        url = f"/reserve/mission/happened/{participation.id}/{participation._happened_token()}"
        self.assertIn('data-answer="too_early"', self.url_open(url).text)
        after = self.mission.date_stop + datetime.timedelta(hours=2)
        with patch.object(fields.Datetime, "now", return_value=after):
            response = self.url_open(url)
            self.assertIn('data-answer="confirm"', response.text)
            self.assertEqual(self.opener.head(self.base_url() + url, timeout=30).status_code, 200)
            self.assertEqual(participation.state, "validated", "opening the link changes nothing")
            csrf = CSRF_RE.search(response.text)[1]
            response = self.url_open(url, data={"csrf_token": csrf})
        self.assertIn('data-answer="done"', response.text)
        self.assertEqual(participation.state, "done")
        self.assertEqual(participation.hours, 3.0)
        bad = f"/reserve/mission/happened/{participation.id}/1-{'0' * 64}"
        self.assertEqual(self.url_open(bad).status_code, 403)


@tagged("post_install", "-at_install")
class TestMissionAttestation(MissionCommon):
    """The volunteer attestation: a real PDF (wkhtmltopdf) with the missions, dates, hours,
    structures and the association's signature, in French."""

    def test_attestation_pdf_text(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.config_parameter"].set_param("reserve_mission.attestation_signatory", "Marie Dupont, présidente")
        self.env.company.write({"name": "Association Réserve Test", "city": "Saint-Lô"})
        mission = self._published_mission(seats=3)
        participation = mission._apply(self.volunteer)
        participation.with_user(self.manager).action_validate()
        with patch.object(fields.Datetime, "now", return_value=mission.date_stop + datetime.timedelta(hours=1)):
            participation._set_done()
        participation.testimony = "Une aide précieuse pour les familles."
        with self.allow_pdf_render():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("reserve_mission.action_report_mission_attestation", self.volunteer.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(pdf))
        text = _flat(" ".join(page.extract_text() for page in reader.pages))
        for expected in (
            "Attestation de bénévolat",
            "Association Réserve Test",
            "Bénévole Un",
            "Accompagner les visites des familles",
            "EHPAD Test Les Pins",
            f"{self.day:%d/%m/%Y} 14:00–17:00",
            "Total 3 heures",
            "Une aide précieuse pour les familles.",
            "Fait à Saint-Lô",
            "Marie Dupont, présidente",
            "sans se substituer à un emploi salarié",
        ):
            self.assertIn(expected, text)
