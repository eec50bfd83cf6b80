import base64
import io
import json
from datetime import date
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .matching_common import NOW, MatchingCommon

MONDAY = date(2026, 3, 2)
SUNDAY = date(2026, 3, 8)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestNeedsWithNoEligiblePerson(MatchingCommon):
    """Open needs whose funnel ends at nobody, by territory and urgency: the same figure in
    the need's funnel, the dashboard's pivot and the weekly report's sheet, against a fixture
    computed by hand.

    North (the member, Cherbourg): a need one person can answer (week), a need for a job
    nobody holds (today). South (the other member, Valognes): a need for a job nobody holds
    (week, 2 people) and a need whose only eligible person was already asked (week, 1).
    Neither a draft nor a filled need counts.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Territory = cls.env["reserve.territory"]
        cls.north = Territory.create({"name": "Territoire Test Nord"})
        cls.south = Territory.create({"name": "Territoire Test Sud"})
        cls.member.territory_id = cls.north
        cls.other_member.write({"territory_id": cls.south.id, "commune_id": cls.commune_valognes.id})
        cls.eligible = cls._person("Seule Éligible")
        nobody_job = cls.env["reserve.job"].create({"name": "Métier sans personne"})

        def need(establishment, urgency, headcount=1, job=None, state="open"):
            record = cls.need.copy(
                {
                    "establishment_id": establishment.id,
                    "urgency": urgency,
                    "headcount": headcount,
                    "job_id": (job or cls.job).id,
                }
            )
            record.state = state
            return record

        cls.need.write({"state": "open", "urgency": "week"})
        cls.north_today = need(cls.member, "today", job=nobody_job)
        cls.south_nobody = need(cls.other_member, "week", headcount=2, job=nobody_job)
        cls.south_asked = need(cls.other_member, "week")
        cls.env["reserve.proposal"].create(
            {"need_id": cls.south_asked.id, "person_id": cls.eligible.id, "state": "declined"}
        )
        need(cls.member, "today", job=nobody_job, state="draft")
        need(cls.member, "today", job=nobody_job, state="filled")
        cls.urgencies = dict(cls.env["reserve.need"]._fields["urgency"]._description_selection(cls.env))
        dashboard = cls.env.ref("reserve_medicosociale.spreadsheet_dashboard_reserve")
        cls.dashboard = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))

    def _expected(self):
        week, today = self.urgencies["week"], self.urgencies["today"]
        # (open needs, needs with no eligible person, people needed by them)
        return {
            ("Territoire Test Nord", week): (1, 0, 0),
            ("Territoire Test Nord", today): (1, 1, 1),
            ("Territoire Test Sud", week): (2, 2, 3),
        }

    def _report_rows(self):
        sections = self.env["reserve.report"]._reserve_report_sections(MONDAY, SUNDAY)
        section = next(s for s in sections if s["key"] == "needs_no_eligible")
        return {(row[0], row[1]): tuple(row[2:]) for row in section["rows"] if row[0].startswith("Territoire Test")}

    def _pivot(self):
        return next(
            pivot
            for pivot in self.dashboard["pivots"].values()
            if pivot["model"] == "reserve.need" and ["has_no_eligible", "=", True] in pivot["domain"]
        )

    def test_the_count_is_the_end_of_the_funnel_and_the_ranking(self):
        counts = (self.need | self.north_today | self.south_nobody | self.south_asked)._measure_eligibility()
        for need in (self.need, self.north_today, self.south_nobody, self.south_asked):
            with self.subTest(need=need.name):
                self.assertEqual(counts[need.id], need._funnel()["found"])
                self.assertEqual(counts[need.id], len(need._match()))
                self.assertEqual(need.eligible_count, counts[need.id])
        self.assertEqual(counts[self.need.id], 1)
        self.assertEqual(counts[self.south_asked.id], 0)
        self.assertFalse(self.need.has_no_eligible)
        self.assertTrue(self.south_asked.has_no_eligible)

    def test_a_need_never_measured_is_not_counted_as_having_nobody(self):
        self.assertFalse(self.north_today.eligible_date)
        self.assertFalse(self.north_today.has_no_eligible)

    def test_the_cron_measures_every_open_need(self):
        # _commit_progress commits: replaced here, the tests' transaction must not be committed.
        with patch.object(self.env.registry["ir.cron"], "_commit_progress", return_value=60):
            self.env["reserve.need"]._cron_measure_eligibility()
        self.assertTrue(self.north_today.eligible_date)
        self.assertTrue(self.north_today.has_no_eligible)
        self.assertFalse(self.need.has_no_eligible)

    def test_the_report_sheet_matches_the_hand_computed_figures(self):
        self.assertEqual(self._report_rows(), self._expected())

    def test_the_dashboard_pivot_equals_the_report(self):
        self._report_rows()  # the report counts again, then the dashboard reads the same needs
        pivot = self._pivot()
        groupby = [dim["fieldName"] for dim in pivot["rows"] + pivot["columns"]]
        self.assertEqual(groupby, ["territory_id", "urgency"])
        groups = (
            self.env["reserve.need"]
            .with_user(self.authority)
            ._read_group(
                pivot["domain"] + [("territory_id", "in", (self.north | self.south).ids)],
                groupby,
                ["__count", "headcount:sum"],
            )
        )
        from_view = {
            (territory.sudo().name, self.urgencies[urgency]): (count, headcount)
            for territory, urgency, count, headcount in groups
        }
        from_report = {key: values[1:] for key, values in self._report_rows().items() if values[1]}
        self.assertEqual(from_view, from_report)

    def test_the_xlsx_sheet_has_the_same_figures(self):
        report = self.env["reserve.report"].create({"date_from": MONDAY, "date_to": SUNDAY})
        report._generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.attachment_id.datas)))
        sheet = book["Needs with no eligible person"[:31]]
        rows = {
            (row[0], row[1]): tuple(int(value) for value in row[2:5])
            for row in sheet.iter_rows(min_row=5, values_only=True)
            if row[0] and str(row[0]).startswith("Territoire Test")
        }
        self.assertEqual(rows, self._expected())
