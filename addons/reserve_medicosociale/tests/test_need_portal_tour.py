from odoo.tests import HttpCase, tagged

from .common import create_managed_member, use_english_pages


@tagged("post_install", "-at_install")
class TestNeedPortalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.manager, cls.member = create_managed_member(cls.env, "t_tour_manager", "EHPAD Tour Les Mimosas")

    def test_manager_posts_a_need_on_a_phone(self):
        self.browser_size = "375x667"
        self.start_tour("/my", "reserve_need_post_tour", login="t_tour_manager")
        need = self.env["reserve.need"].search([("establishment_id", "=", self.member.id)])
        self.assertEqual(need.state, "open")
        self.assertEqual(need.headcount, 2)
        self.assertEqual(need.urgency, "today")
        self.assertEqual(need.job_id, self.env.ref("reserve_medicosociale.job_aide_soignant"))
        self.assertEqual(need.qualification_ids, self.env.ref("reserve_medicosociale.qualification_deas"))
        self.assertEqual(need.contract_type_ids, self.env.ref("reserve_medicosociale.contract_type_loan"))
        self.assertEqual(
            [(str(s.start), str(s.stop)) for s in need.shift_ids],
            [("2031-07-15 19:00:00", "2031-07-16 05:00:00"), ("2031-07-16 05:00:00", "2031-07-16 12:00:00")],
        )
