from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages
from odoo.addons.reserve_medicosociale.tests.test_portal_home_phone import HOME_READY_JS, home_check_js

from .common import LoanCommon


@tagged("post_install", "-at_install")
class TestLoanPortalHomePhone(HttpCase, LoanCommon):
    """The staff-loan card of the /my home on a 375-px phone is one of the reserve's cards:
    an Odoo-sized pictogram, the whole title (in French, the longer), the counter on its right."""

    browser_size = "375x812"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        use_english_pages(cls.env)
        (cls.employee_user | cls.lender_manager).partner_id.lang = "fr_FR"
        cls._create_loan().action_send_for_consent()

    def _check_loan_card(self, login):
        self.browser_js("/my", home_check_js(["Mises à disposition"], subset=True), ready=HOME_READY_JS, login=login)

    def test_employee_sees_the_loan_card_whole(self):
        self._check_loan_card(self.employee_user.login)

    def test_lender_sees_the_loan_card_whole(self):
        self._check_loan_card(self.lender_manager.login)
