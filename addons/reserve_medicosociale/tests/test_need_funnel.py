from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .matching_common import NOW, MatchingCommon
from .test_need_portal import ReserveNeedPortalCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestNeedFunnel(MatchingCommon):
    """The funnel of a need: each hard filter of the matching removes one known person of
    the fixture, each lever adds back a known one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.need.headcount = 3
        person = cls._person
        cls.good = person("Tout Bon")
        cls.unverified = person("Non Vérifié")
        cls.unverified.qualification_line_ids.state = "to_verify"
        cls.unavailable = person("Pas Le Mardi", week=False)
        cls.own_radius = person("Rayon Court", commune=cls.commune_valognes, radius_km=10)
        cls.far = person("Trop Loin", commune=cls.commune_valognes, radius_km=100)
        cls.temp_only = person("Intérim Seul", contract_types=cls.temp)
        cls.blocked = person("Bloquée")
        cls.member.blocked_person_ids = cls.blocked
        cls.busy = person("Déjà Prise")
        elsewhere = cls.need.copy({"establishment_id": cls.other_member.id})
        cls.env["reserve.assignment"].create({"need_id": elsewhere.id, "person_id": cls.busy.id, "state": "confirmed"})
        cls.asked = person("Déjà Demandée")
        cls.env["reserve.proposal"].create({"need_id": cls.need.id, "person_id": cls.asked.id, "state": "declined"})
        cls.other_job = person("Autre Métier")
        cls.other_job.job_line_ids.job_id = cls.env.ref("reserve_medicosociale.job_agent_entretien")
        # Within 30 km of the establishment: the far person only comes with a wider radius.
        cls.need.radius_km = 10

    def _counts(self, funnel):
        return {step["key"]: step["count"] for step in funnel["steps"]}

    def _levers(self, funnel):
        return {lever["key"]: lever["count"] for lever in funnel["levers"]}

    def test_each_filter_removes_its_person(self):
        funnel = self.need._funnel()
        self.assertEqual(
            self._counts(funnel),
            {
                "job": 9,
                "qualified": 8,
                "available": 7,
                "reach": 5,
                "contract": 4,
                "not_blocked": 3,
                "free": 2,
                "not_asked": 1,
            },
        )
        self.assertEqual(funnel["found"], 1)
        self.assertEqual(funnel["wanted"], 3)
        self.assertTrue(funnel["is_short"])

    def test_people_beyond_the_widest_radius_are_counted_nowhere(self):
        """No lever brings someone who lives 75 km away (the widest radius measured is
        30 km) or has no commune: the funnel counts them in no step and no lever."""
        before = self.need._funnel()
        self._person("Saint-Lô", commune=self.commune_saint_lo, radius_km=100)
        self._person("Sans Commune").commune_id = False
        after = self.need._funnel()
        self.assertEqual(self._counts(after), self._counts(before))
        self.assertEqual(self._levers(after), self._levers(before))
        self.assertEqual(self._counts(after)["job"], 9)

    def test_the_funnel_ends_on_the_ranking(self):
        self.assertEqual(
            [match["person_id"] for match in self.need._match(limit=None)],
            [self.good.id],
        )
        self.assertEqual(self.need._funnel()["found"], len(self.need._match(limit=None)))

    def test_each_lever_counts_the_people_it_adds(self):
        levers = self._levers(self.need._funnel())
        # 20 km: the far person (17 km, own radius 100); not the one whose own radius is 10 km.
        self.assertEqual(levers["radius_20"], 1)
        self.assertEqual(levers["radius_30"], 1)
        self.assertEqual(levers[f"contract_{self.temp.id}"], 1)
        self.assertEqual(levers["qualification"], 1)
        self.assertNotIn(f"contract_{self.loan.id}", levers)

    def test_a_lever_applied_adds_what_it_announced(self):
        announced = self._levers(self.need._funnel())
        before = len(self.need._match(limit=None))
        self.need.radius_km = 20
        self.assertEqual(len(self.need._match(limit=None)), before + announced["radius_20"])
        self.need.contract_type_ids |= self.temp
        self.assertEqual(len(self.need._match(limit=None)), before + announced["radius_20"] + 1)

    def test_split_by_shift_counts_the_people_available_on_one_shift(self):
        wednesday = (datetime(2026, 3, 11, 7, 0), datetime(2026, 3, 11, 15, 0))
        self.need.shift_ids = [(0, 0, {"start": wednesday[0], "stop": wednesday[1]})]
        both_days = self._person("Deux Jours")
        self.env["reserve.availability.pattern"].create(
            {"person_id": both_days.id, "weekday": "2", "hour_from": 7, "hour_to": 18}
        )
        funnel = self.need._funnel()
        self.assertEqual(funnel["found"], 1)
        self.assertEqual([m["person_id"] for m in self.need._match(limit=None)], [both_days.id])
        shift_levers = {key: count for key, count in self._levers(funnel).items() if key.startswith("shift_")}
        # Tuesday: the good person, now available on one shift out of two; Wednesday: nobody more.
        self.assertEqual(list(shift_levers.values()), [1])
        self.assertIn("2026-03-10", next(iter(shift_levers)))

    def test_funnel_is_one_query(self):
        self.need._funnel()
        self.need.invalidate_recordset()
        self.need._funnel()
        with self.assertQueryCount(1):
            self.need._funnel()
        for index in range(20):
            self._person(f"Encore {index}", commune=self.commune_hague)
        self.env.flush_all()
        self.need._funnel()
        with self.assertQueryCount(1):
            self.need._funnel()

    def test_find_people_shows_the_funnel_when_short(self):
        action = self.need.with_user(self.coordinator).action_find_people()
        wizard = self.env["reserve.need.match"].browse(action["res_id"])
        self.assertEqual(len(wizard.line_ids), 1)
        self.assertIn("Widen the radius to 20 km: +1 person", wizard.funnel_html)
        self.assertIn("people of the reserve within 30 km hold the job", wizard.funnel_html)
        self.assertNotIn("Trop Loin", wizard.funnel_html)

    def test_no_funnel_when_the_list_is_long_enough(self):
        self.need.headcount = 1
        action = self.need.with_user(self.coordinator).action_find_people()
        self.assertFalse(self.env["reserve.need.match"].browse(action["res_id"]).funnel_html)


@tagged("post_install", "-at_install")
class TestNeedFunnelPortal(ReserveNeedPortalCommon):
    """The establishment's page of a need says why nobody can be asked, in plain words, with counts only."""

    def test_need_page_shows_the_funnel_without_names(self):
        self.member.commune_id = self.env.ref("reserve_medicosociale.commune_50129")
        partner = self.env["res.partner"].create({"name": "Personne Lointaine"})
        self.env["reserve.person"].create(
            {
                "partner_id": partner.id,
                "category": "jobseeker",
                "state": "active",
                "commune_id": self.env.ref("reserve_medicosociale.commune_50615").id,
                "radius_km": 100,
                "contract_type_ids": [(6, 0, self.fixed_term.ids)],
                "job_line_ids": [(0, 0, {"job_id": self.job.id})],
                "qualification_line_ids": [
                    (0, 0, {"qualification_id": self.deas.id, "state": "verified", "date_obtained": "2020-06-01"})
                ],
                "available_now_until": "2031-07-20 00:00:00",
            }
        )
        need = self.Need.create(
            {
                "establishment_id": self.member.id,
                "job_id": self.job.id,
                "qualification_ids": [(6, 0, self.deas.ids)],
                "contract_type_ids": [(6, 0, self.fixed_term.ids)],
                "radius_km": 10,
                "shift_ids": [(0, 0, {"start": "2031-07-15 06:00:00", "stop": "2031-07-15 13:00:00"})],
            }
        )
        need.action_open()
        self.authenticate("t_need_manager", "t_need_manager_pwd")
        with freeze_time("2031-07-10 08:00:00"):
            page = self.url_open(f"/my/needs/{need.id}").text
        self.assertIn("o_reserve_need_portal_funnel", page)
        self.assertIn("Nobody can be asked for this need now", page)
        self.assertIn("Widen the radius to 20 km: +1 person", page)
        self.assertNotIn("Personne Lointaine", page)
