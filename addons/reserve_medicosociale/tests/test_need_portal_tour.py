from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_PREFIX, use_english_pages


@tagged("post_install", "-at_install")
class TestNeedPortalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.manager = new_test_user(
            cls.env, "t_tour_manager", password="t_tour_manager", groups=GROUP_PREFIX + "member_manager"
        )
        cls.member = cls.env["res.partner"].create(
            {
                "name": "EHPAD Tour Les Mimosas",
                "is_company": True,
                "member_state": "member",
                "member_manager_ids": [(4, cls.manager.id)],
            }
        )

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
