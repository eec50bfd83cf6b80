from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common import LoanCommon

# The home page is there and its script has filled the counters.
HOME_READY_JS = (
    "document.readyState === 'complete' && document.querySelector('.o_portal_my_home')"
    " && !document.querySelector('.o_portal_doc_spinner')"
)
# On /my: the staff-loan card is shown, its title whole, its pictogram at most Odoo's 64 px,
# its counter on the right of the title; a console.error fails the test with what is wrong.
CHECK_LOAN_CARD_JS = """
(() => {
    const problems = [];
    const link = document.querySelector(".o_reserve_home_card a[href='/my/loans']");
    const card = link && link.closest('.o_reserve_home_card');
    if (!card || !card.offsetParent) {
        console.error('the staff-loan card is not shown');
        return;
    }
    const title = card.querySelector('.o_reserve_home_card_title');
    const titleBox = title.getBoundingClientRect();
    if (title.textContent.trim() !== %(title)s) {
        problems.push(`the title is "${title.textContent.trim()}"`);
    }
    if (title.scrollWidth > title.clientWidth || titleBox.right > window.innerWidth) {
        problems.push(`the title overflows (${title.scrollWidth} > ${title.clientWidth} px)`);
    }
    const icon = card.querySelector('.o_portal_icon img').getBoundingClientRect();
    if (!icon.width || icon.width > 64 || icon.height > 64) {
        problems.push(`the icon is ${icon.width} × ${icon.height} px`);
    }
    const count = card.querySelector('.o_reserve_home_card_count');
    const countBox = count.getBoundingClientRect();
    if (count.textContent.trim() !== '1' || countBox.left < titleBox.right || countBox.right > window.innerWidth) {
        problems.push(`the counter "${count.textContent}" is not on the right of the title`);
    }
    if (window.innerWidth !== 375) {
        problems.push(`the window is ${window.innerWidth} px wide`);
    }
    if (problems.length) {
        console.error(problems.join('; '));
    } else {
        console.log('test successful');
    }
})();
"""


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
        code = CHECK_LOAN_CARD_JS % {"title": '"Mises à disposition"'}
        self.browser_js("/my", code, ready=HOME_READY_JS, login=login)

    def test_employee_sees_the_loan_card_whole(self):
        self._check_loan_card(self.employee_user.login)

    def test_lender_sees_the_loan_card_whole(self):
        self._check_loan_card(self.lender_manager.login)
