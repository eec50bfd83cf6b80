import base64
import json
import logging
import re
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser, save_test_file

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import use_english_pages
from .proposal_common import ProposalCommon

_logger = logging.getLogger(__name__)

# Odoo's portal cards show their pictograms at 64 × 64 px (portal.portal_docs_entry).
ICON_MAX_PX = 64

# The home page is there and its script has filled the counters.
HOME_READY_JS = (
    "document.readyState === 'complete' && document.querySelector('.o_portal_my_home')"
    " && !document.querySelector('.o_portal_doc_spinner')"
)

# Runs on /my once the counters are in: a console.error fails the test with what is wrong.
CHECK_HOME_JS = """
(() => {
    const problems = [];
    const cards = [...document.querySelectorAll('.o_reserve_home_card')].filter((el) => el.offsetParent);
    const titles = cards.map((card) => card.querySelector('.o_reserve_home_card_title').textContent.trim());
    // Exactly these cards, or (another addon's check) at least these.
    const expected = %(titles)s;
    const shown = %(subset)s
        ? expected.every((t) => titles.includes(t))
        : JSON.stringify(titles) === JSON.stringify(expected);
    if (!shown) {
        problems.push(`cards shown: ${JSON.stringify(titles)}`);
    }
    for (const card of cards) {
        const title = card.querySelector('.o_reserve_home_card_title');
        const name = title.textContent.trim();
        const titleBox = title.getBoundingClientRect();
        if (title.scrollWidth > title.clientWidth || titleBox.right > window.innerWidth) {
            problems.push(`${name}: the title overflows (${title.scrollWidth} > ${title.clientWidth} px)`);
        }
        const icon = card.querySelector('.o_portal_icon img').getBoundingClientRect();
        if (!icon.width || icon.width > %(icon)s || icon.height > %(icon)s) {
            problems.push(`${name}: the icon is ${icon.width} × ${icon.height} px`);
        }
        const count = card.querySelector('.o_reserve_home_card_count');
        const countBox = count.getBoundingClientRect();
        if (count.classList.contains('d-none')) {
            continue;
        }
        if (!count.textContent.trim() || countBox.left < titleBox.right || countBox.right > window.innerWidth) {
            problems.push(`${name}: the counter "${count.textContent}" is not on the right of the title`);
        }
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


def home_check_js(titles, subset=False):
    """The script that checks every card of /my, and that ``titles`` are the cards shown
    (or among them, with ``subset``): other addons' cards are checked the same way."""
    return CHECK_HOME_JS % {"titles": json.dumps(titles), "subset": "true" if subset else "false", "icon": ICON_MAX_PX}


@tagged("post_install", "-at_install")
class TestPortalHomePhone(HttpCase, ProposalCommon):
    """The /my home on a 375-px phone: the reserve's cards have Odoo-sized pictograms,
    whole titles and their counter on the right; a screenshot of each page is saved under
    Odoo's screenshots folder (``--screenshots``, /tmp/odoo_tests by default)."""

    browser_size = "375x812"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The users' language: the longest titles are the French ones.
        cls.env["res.lang"]._activate_lang("fr_FR")
        use_english_pages(cls.env)
        cls.portal_person.partner_id.lang = "fr_FR"
        cls.manager.partner_id.lang = "fr_FR"
        cls.need._send_proposals(cls.portal_person | cls.other_portal_person)
        cls.need.proposal_ids.filtered(lambda p: p.person_id == cls.portal_person)._accept()
        cls.need._send_proposals(cls.employee)

    def _check_home(self, login, titles):
        shots = []
        original = ChromeBrowser._wait_code_ok

        def wait_then_screenshot(browser, code, timeout, error_checker=None):
            try:
                original(browser, code, timeout, error_checker=error_checker)
            finally:
                shot = browser._websocket_request("Page.captureScreenshot", params={"captureBeyondViewport": True})
                shots.append(base64.b64decode(shot["data"]))

        # Other installed addons (trainings, missions, CVs) add their own cards: these titles
        # must be among the cards, and every card shown is checked the same way.
        code = home_check_js(titles, subset=True)
        with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_screenshot):
            try:
                self.browser_js(
                    "/my",
                    code,
                    ready=HOME_READY_JS,
                    login=login,
                )
            finally:
                if shots:
                    save_test_file(f"{type(self).__name__}_{login}", shots[0], "reserve_home_375_", logger=_logger)

    def test_reservist_home_on_a_phone(self):
        self._check_home("t_portal", ["Ma réserve", "Mes propositions", "Mes missions"])

    def test_director_home_on_a_phone(self):
        self._check_home("t_manager", ["Salariés à prêter", "Besoins de renfort"])

    def test_home_asks_all_its_counters_in_one_call(self):
        """One /my/counters call for every card (Odoo's script makes up to three): a phone
        takes one worker's turn, not three (static/src/interactions/portal_home_counters.js)."""
        calls = []
        original = CustomerPortal._prepare_home_portal_values

        def recording(controller, counters):
            if counters:  # /my itself asks for none; each /my/counters call asks for its own
                calls.append(list(counters))
            return original(controller, counters)

        self.authenticate("t_portal", "t_portal")
        cards = set(re.findall(r'data-placeholder_count="([^"]+)"', self.url_open("/my").text))
        self.assertTrue({"reserve_count", "reserve_proposal_count", "reserve_assignment_count"} <= cards)
        with patch.object(CustomerPortal, "_prepare_home_portal_values", recording):
            self._check_home("t_portal", ["Ma réserve", "Mes propositions"])
        # With every addon installed the home has 11 cards: Odoo's script would make 3 calls.
        self.assertEqual(len(calls), 1, calls)
        self.assertEqual(set(calls[0]), cards)
