import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .matching_common import MatchingCommon

MONDAY = date(2026, 3, 2)
SUNDAY = date(2026, 3, 8)


@tagged("post_install", "-at_install")
class TestWeeklyReport(MatchingCommon):
    """The report's figures against a small fixture computed by hand, the views, and the file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.authority = new_test_user(
            cls.env, "t_report_authority", groups="reserve_medicosociale.reserve_medicosociale_group_authority"
        )
        Need = cls.env["reserve.need"]
        people = [cls._person(f"Rapport {index}") for index in range(4)]

        def need(opened, headcount, state="open", accepted=None, coming=()):
            record = cls.need.copy({"headcount": headcount})
            record.write({"state": state, "open_date": opened})
            if accepted:
                cls.env["reserve.proposal"].create(
                    {"need_id": record.id, "person_id": people[0].id, "state": "accepted", "answer_date": accepted}
                )
            for person in coming:
                cls.env["reserve.assignment"].create(
                    {"need_id": record.id, "person_id": person.id, "state": "confirmed"}
                )
            return record

        # Week 10 of 2026 (Monday 2 March, Paris time): three needs posted.
        cls.a = need(datetime(2026, 3, 2, 8), 2, "filled", datetime(2026, 3, 2, 10), people[:2])
        cls.b = need(datetime(2026, 3, 3, 8), 1, "open", datetime(2026, 3, 3, 14), people[2:3])
        cls.c = need(datetime(2026, 3, 4, 8), 1, "open")
        # Not in the report: a draft, and a need posted the Sunday before (23:30 UTC is Monday 00:30 in Paris: in).
        need(datetime(2026, 3, 3, 8), 5, "draft")
        need(datetime(2026, 3, 1, 22, 30), 3, "open")
        cls.late_sunday = need(datetime(2026, 3, 8, 22, 30), 1, "open")
        Need.flush_model()

    def _sections(self):
        return {s["key"]: s for s in self.env["reserve.report"]._reserve_report_sections(MONDAY, SUNDAY)}

    def test_needs_by_week_match_the_hand_computed_figures(self):
        rows = self._sections()["needs_week"]["rows"]
        # Needs a, b, c, and late_sunday (Sunday 23:30 Paris); not the one of Sunday 1 March 23:30 Paris.
        self.assertEqual(len(rows), 1)
        week, posted, needed, coming, filled, rate, median = rows[0]
        self.assertEqual(week, "2026-S10")
        self.assertEqual((posted, needed, coming, filled), (4, 5, 3, 2))
        self.assertAlmostEqual(rate, 0.5)
        # Posting → first acceptance: 2 h and 6 h.
        self.assertAlmostEqual(median, 4.0)

    def test_needs_by_job_equal_what_the_views_show(self):
        start, stop = self.env["reserve.report"]._period_bounds(MONDAY, SUNDAY)
        groups = self.env["reserve.need"]._read_group(
            [("state", "!=", "draft"), ("open_date", ">=", start), ("open_date", "<", stop)],
            ["job_id"],
            ["__count", "headcount:sum", "filled_count:sum"],
        )
        from_views = {job.name: (count, headcount, filled) for job, count, headcount, filled in groups}
        from_report = {row[0]: tuple(row[1:4]) for row in self._sections()["needs_job"]["rows"]}
        self.assertEqual(from_report, from_views)

    def test_the_reserve_by_category_counts_active_people(self):
        rows = {row[0]: row[1:] for row in self._sections()["reserve_category"]["rows"]}
        active = self.env["reserve.person"].search_count([("state", "=", "active"), ("category", "=", "jobseeker")])
        self.assertEqual(rows["Jobseeker"][0], active)

    def test_the_file_opens_and_its_totals_match_the_figures(self):
        report = self.env["reserve.report"].create({"date_from": MONDAY, "date_to": SUNDAY})
        report._generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.attachment_id.datas)))
        sections = self._sections()
        self.assertEqual(len(book.sheetnames), len(sections))
        sheet = book[sections["needs_week"]["title"][:31]]
        self.assertEqual(sheet.cell(row=5, column=2).value, 4)
        # The totals row: a formula, with its value cached for readers that do not compute.
        self.assertEqual(sheet.cell(row=6, column=1).value, "Total")
        self.assertEqual(sheet.cell(row=6, column=2).value, "=SUM(B5:B5)")
        self.assertEqual(len(sheet._charts), 1)

    def test_no_name_email_or_phone_in_the_file(self):
        report = self.env["reserve.report"].create({"date_from": MONDAY, "date_to": SUNDAY})
        report._generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.attachment_id.datas)))
        text = " ".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None
        )
        for person in self.env["reserve.person"].search([]):
            self.assertNotIn(person.name, text)
            if person.email:
                self.assertNotIn(person.email, text)
        self.assertNotIn("@example.com", text)

    def test_the_cron_sends_the_file_of_the_past_week(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "reserve_medicosociale.report_recipients", "ars@example.org, departement@example.org"
        )
        with freeze_time("2026-03-09 05:00:00"):
            report = self.env["reserve.report"]._cron_weekly_report()
        self.assertEqual((report.date_from, report.date_to), (MONDAY, SUNDAY))
        mail = self.env["mail.mail"].sudo().search([("model", "=", "reserve.report"), ("res_id", "=", report.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "ars@example.org, departement@example.org")
        self.assertEqual(mail.attachment_ids.name, "reserve_rapport_2026-03-02_2026-03-08.xlsx")
        self.assertTrue(report.sent_date)

    def test_authorities_read_reports_and_no_personal_field(self):
        report = self.env["reserve.report"].create({"date_from": MONDAY, "date_to": SUNDAY})
        report._generate()
        self.assertTrue(report.with_user(self.authority).attachment_id)
        with self.assertRaises(AccessError):
            report.with_user(self.authority).write({"date_to": SUNDAY})
        with self.assertRaises(AccessError):
            self.env["reserve.person"].with_user(self.authority).search_read([], ["name", "email", "phone"])
        with self.assertRaises(AccessError):
            self.env["reserve.proposal"].with_user(self.authority).search_read([], ["person_id"])
