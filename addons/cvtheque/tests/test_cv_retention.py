from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CvthequeCommon


@tagged("post_install", "-at_install")
class TestCvRetention(CvthequeCommon):
    """A CV untouched for 24 months: the person is asked to renew, then it is anonymised."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cv_portal._add_documents([("cv.pdf", cls.pdf("Aide-soignante de nuit"))])
        # The pending writes first: the date below must be the last one written.
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE cvtheque_cv SET last_update_date = %s WHERE id = %s", [datetime(2024, 1, 1), cls.cv_portal.id]
        )
        cls.cv_portal.invalidate_recordset()

    def _renewal_mails(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "cvtheque.cv"),
                ("res_id", "=", self.cv_portal.id),
                ("recipient_ids", "in", self.portal_user.partner_id.ids),
            ]
        )

    def test_ask_then_anonymise(self):
        with freeze_time("2026-03-01 10:00:00"):
            self.Cv._cron_retention()
        self.assertEqual(self.cv_portal.renewal_requested_date, datetime(2026, 3, 1, 10, 0))
        self.assertEqual(self.cv_portal.state, "published")
        self.assertEqual(len(self._renewal_mails()), 1)
        self.assertIn("/cvtheque/renew/", self._renewal_mails().body_html)
        # Other CVs, recently updated, are left alone.
        self.assertFalse(self.cv_selected.renewal_requested_date)
        with freeze_time("2026-03-20 10:00:00"):
            self.Cv._cron_retention()
        self.assertEqual(self.cv_portal.state, "published")
        with freeze_time("2026-04-01 10:00:01"):
            self.Cv._cron_retention()
        cv = self.cv_portal
        self.assertEqual(cv.state, "anonymised")
        self.assertFalse(cv.document_ids)
        self.assertFalse(cv.user_id or cv.person_id or cv.summary)
        self.assertNotEqual(cv.partner_id, self.portal_user.partner_id)
        self.assertFalse(
            self.env["ir.attachment"]
            .search([("res_model", "=", "cvtheque.cv.document")])
            .filtered(lambda a: not a.res_id or not self.env["cvtheque.cv.document"].browse(a.res_id).exists())
        )
        self.assertIn("anonymised", cv.message_ids[:1].body)
        self.assertFalse(self.Cv.with_user(self.manager).search([("id", "=", cv.id)]))
        self.assertFalse(cv.sudo().consent_ids.user_id)

    def test_anonymisation_log_line_in_privacy_log(self):
        name = self.portal_user.partner_id.name
        self.portal_user.partner_id.email = "lea.martin@example.com"
        with freeze_time("2026-03-01 10:00:00"):
            self.Cv._cron_retention()
        with freeze_time("2026-04-01 10:00:01"):
            self.Cv._cron_retention()
        log = self.env["privacy.log"].search([("cv_id", "=", self.cv_portal.id)])
        self.assertEqual(len(log), 1)
        self.assertNotEqual(log.anonymized_name, name)
        self.assertEqual(log.anonymized_name[:1], name[:1])
        self.assertEqual(log.anonymized_email, "l**.m*****@e******.com")
        self.assertIn("1 document(s)", log.execution_details)
        # The coordinators read the CVs' lines, not the other lines of the log; members nothing.
        other = self.env["privacy.log"].create({"anonymized_name": "Autre Personne", "anonymized_email": "a@b.fr"})
        logs = self.env["privacy.log"].with_user(self.coordinator).search([])
        self.assertIn(log, logs)
        self.assertNotIn(other, logs)
        with self.assertRaises(AccessError):
            self.env["privacy.log"].with_user(self.manager).search([])

    def test_person_without_email_is_logged(self):
        self.portal_user.partner_id.email = False
        self.cv_portal.sudo().write({"renewal_requested_date": datetime(2026, 1, 1)})
        with freeze_time("2026-03-01 10:00:00"):
            self.Cv._cron_retention()
        log = self.env["privacy.log"].search([("cv_id", "=", self.cv_portal.id)])
        self.assertEqual(log.anonymized_email, "")
        self.assertEqual(self.cv_portal.state, "anonymised")

    def test_withdrawn_cv_kept_untouched_is_anonymised(self):
        with freeze_time("2026-01-10 10:00:00"):
            self.cv_selected.action_withdraw_consent()
        with freeze_time("2028-01-15 10:00:00"):
            self.Cv._cron_retention()
        self.assertEqual(self.cv_selected.state, "withdrawn")
        self.assertFalse(self.cv_selected.renewal_requested_date)
        with freeze_time("2028-02-15 10:00:00"):
            self.Cv._cron_retention()
        self.assertEqual(self.cv_selected.state, "anonymised")

    def test_cron_in_batches_reports_progress(self):
        old_cvs = self.cv_portal
        for index in range(3):
            cv = self._create_cv(f"Ancien CV {index}", visibility="all")
            old_cvs |= cv
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE cvtheque_cv SET last_update_date = %s WHERE id = %s", [datetime(2024, 1, 1), cv.id]
            )
        self.Cv.invalidate_model()
        with (
            patch.object(self.registry["ir.cron"], "_commit_progress", autospec=True, return_value=1.0) as progress,
            freeze_time("2026-03-01 10:00:00"),
        ):
            self.Cv.with_context(ir_cron_progress_id=1)._cron_retention(batch_size=2)
        calls = [(call.kwargs["processed"], call.kwargs["remaining"]) for call in progress.call_args_list]
        self.assertEqual(calls, [(2, 2), (2, 0)])
        self.assertTrue(all(old_cvs.mapped("renewal_requested_date")))

    def test_update_restarts_retention(self):
        with freeze_time("2026-03-01 10:00:00"):
            self.Cv._cron_retention()
            self.cv_portal.with_user(self.portal_user).write({"summary": "Toujours disponible"})
        self.assertFalse(self.cv_portal.renewal_requested_date)
        with freeze_time("2026-04-05 10:00:00"):
            self.Cv._cron_retention()
        self.assertEqual(self.cv_portal.state, "published")

    def test_retention_is_configurable(self):
        self.env["ir.config_parameter"].set_param("cvtheque.retention_months", 36)
        with freeze_time("2026-03-01 10:00:00"):
            self.Cv._cron_retention()
        self.assertFalse(self.cv_portal.renewal_requested_date)

    def test_renewal_link(self):
        with freeze_time("2026-03-01 10:00:00"):
            self.Cv._cron_retention()
            url = self.cv_portal._renewal_url()
            token = url.split("token=")[1]
            self.assertEqual(self.cv_portal._check_renewal_token("1-forged"), "invalid")
            self.assertEqual(self.cv_portal._check_renewal_token(token), "valid")
            self.assertEqual(self.cv_selected._check_renewal_token(token), "invalid")
        with freeze_time("2026-04-05 10:00:00"):
            self.assertEqual(self.cv_portal._check_renewal_token(token), "expired")
        with freeze_time("2026-03-10 10:00:00"):
            self.assertEqual(self.cv_portal._renew_by_link(token), "renewed")
        self.assertFalse(self.cv_portal.renewal_requested_date)
        self.assertIn("renewed", self.cv_portal.consent_ids.mapped("kind"))
        # Used once: the link no longer renews.
        self.assertEqual(self.cv_portal._check_renewal_token(token), "invalid")


@tagged("post_install", "-at_install")
class TestCvRenewalPage(HttpCase):
    """The renewal link shows a page on GET (scanners) and renews on the button only."""

    def test_get_shows_post_renews(self):
        partner = self.env["res.partner"].create({"name": "Renouvelle Moi", "email": "renouvelle@example.com"})
        cv = self.env["cvtheque.cv"].create({"name": "Aide-soignante", "partner_id": partner.id, "visibility": "all"})
        cv.sudo().write({"renewal_requested_date": datetime.now() - timedelta(days=1)})
        url = cv._renewal_url().replace(cv.get_base_url(), "")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cvtheque_renew", response.text)
        self.assertTrue(cv.renewal_requested_date)
        head = self.opener.head(self.base_url() + url)
        self.assertLess(head.status_code, 500)
        self.assertTrue(cv.renewal_requested_date)
        token = url.split("token=")[1]
        csrf = response.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(url, data={"csrf_token": csrf, "token": token})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cvtheque_renewed", response.text)
        cv.invalidate_recordset()
        self.assertFalse(cv.renewal_requested_date)
        response = self.url_open(f"/cvtheque/renew/{cv.id}?token=1-forged")
        self.assertNotIn("Aide-soignante", response.text)


@tagged("post_install", "-at_install")
class TestSavedSearchAlert(CvthequeCommon):
    def test_alert_on_new_matching_cv(self):
        Saved = self.env["cvtheque.saved.search"]
        with freeze_time("2026-05-01 08:00:00"):
            saved = Saved.with_user(self.other_manager).create({"name": "Ergothérapeutes", "text": "ergotherapeute"})
            other = Saved.with_user(self.other_manager).create({"name": "Orthophonistes", "text": "orthophoniste"})
        with freeze_time("2026-05-02 08:00:00"):
            shared = self._create_cv("Ergothérapeute en MAS", visibility="all")
            self._create_cv("Ergothérapeute réservé", visibility="association")
            self.env.flush_all()
        with freeze_time("2026-05-03 08:00:00"):
            Saved._cron_alert()
        mails = self.env["mail.mail"].search(
            [("model", "=", "cvtheque.saved.search"), ("res_id", "in", (saved | other).ids)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.res_id, saved.id)
        self.assertIn(shared.name, mails.body_html)
        self.assertNotIn("réservé", mails.body_html)
        self.assertNotIn(self.cv_selected.name, mails.body_html)
        with freeze_time("2026-05-04 08:00:00"):
            Saved._cron_alert()
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", "cvtheque.saved.search"), ("res_id", "=", saved.id)]), 1
        )
