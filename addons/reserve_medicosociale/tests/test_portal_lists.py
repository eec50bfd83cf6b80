import re
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import use_english_pages
from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestPortalLists(HttpCase, ProposalCommon):
    """The /my lists go a page at a time with Odoo's pager: every record is on one of the
    pages, the total is said, nothing is cut."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        (cls.portal_user | cls.other_portal_user | cls.manager).partner_id.lang = "en_US"
        cls.needs = cls.need | cls._create_need() | cls._create_need()
        for need in cls.needs:
            need._send_proposals(cls.portal_person)
        cls.proposals = cls.needs.proposal_ids.filtered(lambda p: p.person_id == cls.portal_person)
        for name in ("Salariée Deux", "Salarié Trois"):
            cls._create_person(name, category="lent_employee", employer_id=cls.member.id)

    def setUp(self):
        super().setUp()
        # Two a page, so that three records make two pages.
        patcher = patch.object(CustomerPortal, "_items_per_page", 2)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _pages(self, url, marker):
        """The markers found on each page of the list at ``url``, and the pages' texts."""
        first = self.url_open(url)
        self.assertEqual(first.status_code, 200)
        second = self.url_open(f"{url}/page/2")
        self.assertEqual(second.status_code, 200)
        return [re.findall(marker, page.text) for page in (first, second)], (first.text, second.text)

    def test_proposals_go_over_two_pages_and_nothing_is_cut(self):
        self.authenticate("t_portal", "t_portal")
        names = "|".join(re.escape(name) for name in self.needs.mapped("name"))
        (first, second), (first_text, second_text) = self._pages("/my/proposals", names)
        self.assertEqual(len(self.proposals), 3)
        self.assertEqual(len(first), 2)
        self.assertEqual(len(second), 1)
        self.assertEqual(sorted(first + second), sorted(self.needs.mapped("name")))
        self.assertIn("3 in all, page 1 of 2", first_text)
        self.assertIn('href="/my/proposals/page/2"', first_text)
        self.assertIn("3 in all, page 2 of 2", second_text)

    def test_one_page_says_the_total_and_shows_no_pager(self):
        self.authenticate("t_portal_other", "t_portal_other")
        self.need._send_proposals(self.other_portal_person)
        page = self.url_open("/my/proposals").text
        self.assertIn("1 in all", page)
        self.assertNotIn("/my/proposals/page/2", page)

    def test_a_page_past_the_end_shows_the_last_page(self):
        self.authenticate("t_portal", "t_portal")
        page = self.url_open("/my/proposals/page/9").text
        self.assertIn("3 in all, page 2 of 2", page)

    def test_a_director_does_not_list_the_proposals_of_their_needs_as_their_own(self):
        self.authenticate("t_manager", "t_manager")
        page = self.url_open("/my/proposals")
        self.assertEqual(page.status_code, 200)
        self.assertIn("No need was proposed to you yet.", page.text)
        self.assertEqual(
            self.make_jsonrpc_request("/my/counters", {"counters": ["reserve_proposal_count"]}),
            {"reserve_proposal_count": 0},
        )

    def test_needs_go_over_two_pages(self):
        self.authenticate("t_manager", "t_manager")
        (first, second), (first_text, _second_text) = self._pages(
            "/my/needs", r'class="card mb-2 [^"]*o_reserve_need_card"'
        )
        self.assertEqual((len(first), len(second)), (2, 1))
        self.assertIn("3 in all, page 1 of 2", first_text)

    def test_employees_go_over_two_pages(self):
        self.authenticate("t_manager", "t_manager")
        employees = self.env["reserve.person"].search(
            [("category", "=", "lent_employee"), ("employer_id", "=", self.member.id)]
        )
        self.assertEqual(len(employees), 3)
        names = "|".join(re.escape(name) for name in employees.mapped("name"))
        (first, second), (first_text, _second_text) = self._pages("/my/employees", names)
        self.assertEqual(sorted(first + second), sorted(employees.mapped("name")))
        self.assertIn("3 in all, page 1 of 2", first_text)
