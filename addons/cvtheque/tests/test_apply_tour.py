from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .test_job_offer import JobOfferCommon


@tagged("post_install", "-at_install")
class TestApplyTour(HttpCase, JobOfferCommon):
    """A candidate applies to an offer with their CV from a phone-sized window."""

    browser_size = "375x812"
    touch_enabled = True

    def test_apply_from_phone(self):
        use_english_pages(self.env)
        self.portal_user.write({"password": "t_portal_pw_1234", "lang": "en_US"})
        self.start_tour("/offres-emploi", "cvtheque_apply_tour", login="t_portal")
        application = self.env["hr.applicant"].search([("partner_id", "=", self.portal_user.partner_id.id)])
        self.assertEqual(application.job_id, self.offer)
        self.assertEqual(application.cv_id, self.cv_portal)
