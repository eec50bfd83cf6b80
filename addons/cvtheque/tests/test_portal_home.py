from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.test_portal_home_phone import HOME_READY_JS, home_check_js

from .test_job_offer import JobOfferCommon


@tagged("post_install", "-at_install")
class TestPortalHome(HttpCase, JobOfferCommon):
    """A candidate's /my home on a phone shows their CV and applications cards, in French."""

    browser_size = "375x812"

    def test_candidate_home_cards(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.portal_user.write({"password": "t_portal_pw_1234", "lang": "fr_FR"})
        self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        self.browser_js(
            "/my",
            home_check_js(["Mon CV", "Mes candidatures"], subset=True),
            ready=HOME_READY_JS,
            login="t_portal",
        )
