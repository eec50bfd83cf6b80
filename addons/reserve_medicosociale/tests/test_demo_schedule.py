from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..tools import demo_schedule
from ..tools.local_time import to_local

OPEN_DEMO_NEEDS = (
    "need_hortensias_today_demo",
    "need_clos_fleuri_week_demo",
    "need_mecs_planned_demo",
    "need_hortensias_nurse_demo",
    "need_bocage_saturday_demo",
    "need_saad_funnel_demo",
)
# Paris time (UTC+1 in winter, UTC+2 in summer), on every day of the week, at night too.
INSTALL_TIMES = (
    "2026-12-01 20:53:00",  # Tuesday 21:53: the evening the urgent need found nobody
    "2026-12-02 23:40:00",  # Thursday 00:40
    "2026-12-04 04:10:00",  # Friday 05:10
    "2026-12-05 09:30:00",  # Saturday 10:30
    "2026-12-06 16:00:00",  # Sunday 17:00
    "2026-06-15 21:30:00",  # Monday 23:30, summer time
)


@tagged("post_install", "-at_install")
class TestDemoSchedule(TransactionCase):
    """Whatever the day and hour the demo is installed, each open demo need ranks people."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("reserve_medicosociale.need_saad_funnel_demo", raise_if_not_found=False):
            self.skipTest("The demo data of reserve_medicosociale is not loaded.")

    def _need(self, xmlid):
        return self.env.ref(f"reserve_medicosociale.{xmlid}")

    def test_shifts_are_planned_in_paris_time_after_now(self):
        for moment in INSTALL_TIMES:
            with self.subTest(installed=moment), freeze_time(moment):
                plan = demo_schedule.demo_shifts(fields.Datetime.now())
                start, stop = plan["need_hortensias_today_demo"][0]
                self.assertEqual((stop - start).total_seconds(), 7 * 3600)
                self.assertEqual(to_local(start).minute, 0)
                for xmlid, shifts in plan.items():
                    self.assertTrue(all(s > fields.Datetime.now() for s, _stop in shifts), xmlid)
                night = plan["need_clos_fleuri_week_demo"][0]
                self.assertEqual((to_local(night[0]).hour, to_local(night[1]).hour), (20, 6))

    def test_every_open_demo_need_ranks_people_whatever_the_hour(self):
        for moment in INSTALL_TIMES:
            with self.subTest(installed=moment), freeze_time(moment):
                self.env["reserve.need"]._demo_schedule()
                for xmlid in OPEN_DEMO_NEEDS:
                    need = self._need(xmlid)
                    ranking = need._match(limit=None)
                    self.assertTrue(ranking, f"{xmlid} ranks nobody when installed at {moment}")
                    self.assertTrue(all(match["reasons"] for match in ranking))
                self.assertGreaterEqual(len(self._need("need_hortensias_today_demo")._match(limit=None)), 5)

    def test_the_funnel_need_shows_its_levers(self):
        with freeze_time(INSTALL_TIMES[0]):
            self.env["reserve.need"]._demo_schedule()
            funnel = self._need("need_saad_funnel_demo")._funnel()
        self.assertTrue(funnel["is_short"])
        levers = {lever["key"].split("_")[0] for lever in funnel["levers"]}
        self.assertTrue({"radius", "contract", "shift"} <= levers, funnel["levers"])
