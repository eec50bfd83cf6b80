from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_managed_member, use_english_pages


class ReserveNeedPortalCommon(HttpCase):
    """A member manager with their establishment, another member, and a reservist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.manager, cls.member = create_managed_member(
            cls.env, "t_need_manager", "EHPAD Besoin Les Tilleuls", password="t_need_manager_pwd"
        )
        cls.other_manager, cls.other_member = create_managed_member(
            cls.env, "t_need_other", "EHPAD Besoin Autre", password="t_need_other_pwd"
        )
        new_test_user(cls.env, "t_need_portal", password="t_need_portal_pwd", groups="base.group_portal")
        cls.job = cls.env.ref("reserve_medicosociale.job_aide_soignant")
        cls.deas = cls.env.ref("reserve_medicosociale.qualification_deas")
        cls.loan = cls.env.ref("reserve_medicosociale.contract_type_loan")
        cls.fixed_term = cls.env.ref("reserve_medicosociale.contract_type_fixed_term")
        cls.Need = cls.env["reserve.need"]


@tagged("post_install", "-at_install")
class TestNeedPortal(ReserveNeedPortalCommon):
    def _post_need(self, shifts=(("2031-07-15", "21:00", "07:00"),), **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "establishment_id": self.member.id,
            "job_id": self.job.id,
            "headcount": "2",
            "urgency": "week",
            "contract_type_ids": [self.loan.id, self.fixed_term.id],
            f"qualification_{self.deas.id}": "required",
            "notes": "Unité protégée",
            "shift_date": [s[0] for s in shifts],
            "shift_start": [s[1] for s in shifts],
            "shift_stop": [s[2] for s in shifts],
            **values,
        }
        return self.url_open("/my/needs/new", data=data, allow_redirects=False)

    def _needs(self):
        return self.Need.search([("establishment_id", "in", (self.member | self.other_member).ids)])

    def test_manager_posts_an_overnight_need_in_summer(self):
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        response = self._post_need()
        self.assertIn(response.status_code, (302, 303))
        need = self._needs()
        self.assertEqual(len(need), 1)
        self.assertIn(f"/my/needs/{need.id}", response.headers["Location"])
        self.assertEqual(need.state, "open")
        self.assertEqual(need.headcount, 2)
        self.assertEqual(need.job_id, self.job)
        self.assertEqual(need.qualification_ids, self.deas)
        self.assertEqual(need.contract_type_ids, self.loan | self.fixed_term)
        self.assertEqual(need.notes, "Unité protégée")
        self.assertEqual(need.create_uid, self.manager)
        # Paris is UTC+2 in summer: 21:00 → 07:00 the next day.
        self.assertEqual(str(need.shift_ids.start), "2031-07-15 19:00:00")
        self.assertEqual(str(need.shift_ids.stop), "2031-07-16 05:00:00")

    def test_manager_posts_an_overnight_need_in_winter(self):
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        self._post_need(shifts=[("2031-01-15", "21:00", "07:00"), ("2031-01-16", "07:00", "14:30")])
        need = self._needs()
        self.assertEqual(need.state, "open")
        # Paris is UTC+1 in winter.
        self.assertEqual(
            [(str(s.start), str(s.stop)) for s in need.shift_ids],
            [("2031-01-15 20:00:00", "2031-01-16 06:00:00"), ("2031-01-16 06:00:00", "2031-01-16 13:30:00")],
        )

    def test_need_detail_and_list_show_the_need(self):
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        self._post_need()
        need = self._needs()
        page = self.url_open(f"/my/needs/{need.id}?done=published").text
        self.assertIn("Your need is published", page)
        self.assertIn("Shifts (Paris time)", page)
        self.assertEqual(page.count('class="list-group-item o_reserve_need_shift"'), 1)
        listing = self.url_open("/my/needs").text
        self.assertIn(need.name, listing)
        self.assertIn('data-state="open"', listing)

    def _assert_refused(self, message, **kwargs):
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        response = self._post_need(**kwargs)
        self.assertEqual(response.status_code, 400)
        self.assertIn(message, response.text)
        # The typed values are kept.
        self.assertIn("Unité protégée", response.text)
        self.assertFalse(self._needs())

    def test_need_without_shift_is_refused(self):
        self._assert_refused("Add at least one shift", shifts=[("", "", "")])

    def test_shift_ending_when_it_starts_is_refused(self):
        self._assert_refused("ends when it starts", shifts=[("2031-07-15", "08:00", "08:00")])

    def test_shift_in_the_past_is_refused(self):
        self._assert_refused("starts in the past", shifts=[("2020-01-15", "08:00", "14:00")])

    def test_zero_headcount_is_refused(self):
        self._assert_refused("one at least", headcount="0")

    def test_another_establishment_is_refused(self):
        self._assert_refused("establishments you manage", establishment_id=self.other_member.id)

    def test_add_a_shift_saves_nothing(self):
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        response = self._post_need(add_shift="1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count('name="shift_date"'), 2)
        self.assertFalse(self._needs())

    def test_manager_cannot_open_another_establishments_need(self):
        other_need = self.Need.create(
            {
                "establishment_id": self.other_member.id,
                "job_id": self.job.id,
                "contract_type_ids": [(6, 0, self.loan.ids)],
            }
        )
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        self.assertEqual(self.url_open(f"/my/needs/{other_need.id}").status_code, 404)
        self.assertNotIn(other_need.name, self.url_open("/my/needs").text)

    def test_reservist_gets_not_found(self):
        self.authenticate("t_need_portal", "t_need_portal_pwd")
        self.assertEqual(self.url_open("/my/needs").status_code, 404)
        self.assertEqual(self.url_open("/my/needs/new").status_code, 404)
        self.assertEqual(self._post_need().status_code, 404)
        self.assertFalse(self._needs())
