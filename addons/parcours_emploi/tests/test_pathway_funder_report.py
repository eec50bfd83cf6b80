import base64
import datetime
import io

import openpyxl

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ParcoursCommon

D = datetime.date


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwayFunderReport(ParcoursCommon):
    """The funders' figures of March 2021 for a hand-made set of pathways (the demo's dates
    are recent: none falls in that month)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        Partner = cls.env["res.partner"]
        people = Partner.create([{"name": f"Personne Financeur {letter}"} for letter in "ABCDEFG"])
        cls.people = dict(zip("ABCDEFG", people, strict=True))

        def pathway(letter, public, opened):
            return cls.Pathway.with_user(cls.referent).create(
                {"partner_id": cls.people[letter].id, "public": public, "stage_date": opened}
            )

        # A: a jobseeker opened in February, information session and hire in March.
        a = pathway("A", "jobseeker", D(2021, 2, 10))
        a._record_step("info_session", date=D(2021, 3, 5))
        a._record_step("hired", date=D(2021, 3, 20))
        a.write({"outcome": "hired_cdi", "outcome_date": D(2021, 3, 20)})
        # B: a young person opened in March, immersion in March.
        b = pathway("B", "youth", D(2021, 3, 10))
        b._record_step("immersion", date=D(2021, 3, 15))
        # C: an RQTH worker followed since January, nothing in March.
        pathway("C", "rqth", D(2021, 1, 5))
        # D: an RSA recipient who gave up in March.
        d = pathway("D", "rsa", D(2021, 1, 5))
        d.write({"outcome": "abandoned", "outcome_date": D(2021, 3, 25)})
        # E: a pupil met after the period.
        pathway("E", "pupil", D(2021, 4, 10))
        # F: a career changer hired in December 2020, in a job at 3 months (due 10 March).
        f = pathway("F", "career_changer", D(2020, 10, 1))
        f._record_step("hired", date=D(2020, 12, 10))
        f.write({"outcome": "hired_cdd", "outcome_date": D(2020, 12, 10)})
        f._record_step("follow_3m", date=D(2021, 4, 2))
        f.outcome_3m = "in_job"
        # G: a jobseeker hired in September 2020, 6-month follow-up due 20 March, not given.
        g = pathway("G", "jobseeker", D(2020, 6, 1))
        g._record_step("hired", date=D(2020, 9, 20))
        g.write({"outcome": "hired_cdi", "outcome_date": D(2020, 9, 20)})
        # A Café on 12 May (the events' period, apart: with the events of the pathways,
        # registering and attending record steps and open pathways): A and C attended, B
        # registered, one registration cancelled.
        event_type = cls.env["event.type"].create({"name": "Café Test Financeurs"})
        cls.event = cls.env["event.event"].create(
            {
                "name": "Café de l'aide à domicile Test",
                "event_type_id": event_type.id,
                "date_begin": datetime.datetime(2021, 5, 12, 9, 0),
                "date_end": datetime.datetime(2021, 5, 12, 11, 0),
            }
        )
        if "parcours_kind" in cls.event._fields:
            cls.event.parcours_kind = "cafe"
        cancelled = Partner.create({"name": "Annulé Test"})
        for partner, state in (
            (cls.people["A"], "done"),
            (cls.people["B"], "open"),
            (cls.people["C"], "done"),
            (cancelled, "cancel"),
        ):
            registration = cls.env["event.registration"].create({"event_id": cls.event.id, "partner_id": partner.id})
            registration.state = state
        cls.period = (D(2021, 3, 1), D(2021, 3, 31))

    def _sections(self, period=None):
        sections = self.env["parcours.funder.report"]._funder_sections(*(period or self.period))
        return {section["key"]: section for section in sections}

    def _label(self, model, fname, key):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))[key]

    def test_people_per_public(self):
        rows = {row[0]: row[1:] for row in self._sections()["parcours_publics"]["rows"]}
        label = lambda key: self._label("parcours.pathway", "public", key)  # noqa: E731
        # followed, new, steps recorded, hires
        self.assertEqual(rows[label("jobseeker")], (2, 0, 2, 1))
        self.assertEqual(rows[label("youth")], (1, 1, 2, 0))
        self.assertEqual(rows[label("rqth")], (1, 0, 0, 0))
        self.assertEqual(rows[label("rsa")], (0, 0, 0, 0))
        self.assertEqual(rows[label("pupil")], (0, 0, 0, 0))
        self.assertEqual(rows[label("career_changer")], (1, 0, 0, 0))

    def test_steps_reached(self):
        stages = {s.code: s.name for s in self.env["parcours.pathway.stage"].search([])}
        rows = {row[0]: row[1:] for row in self._sections()["parcours_steps"]["rows"]}
        # reached in March, furthest step at the end of March
        self.assertEqual(rows[stages["first_contact"]], (1, 2))
        self.assertEqual(rows[stages["info_session"]], (1, 0))
        self.assertEqual(rows[stages["immersion"]], (1, 1))
        self.assertEqual(rows[stages["training"]], (0, 0))
        self.assertEqual(rows[stages["hired"]], (1, 3))
        self.assertEqual(rows[stages["follow_3m"]], (0, 0), "F's follow-up step is in April")

    def test_outcomes(self):
        rows = dict(self._sections()["parcours_outcomes"]["rows"])
        label = lambda key: self._label("parcours.pathway", "outcome", key)  # noqa: E731
        self.assertEqual(rows[label("hired_cdi")], 1)
        self.assertEqual(rows[label("hired_cdd")], 0, "F was hired in December")
        self.assertEqual(rows[label("abandoned")], 1)

    def test_outcomes_at_3_and_6_months(self):
        rows = {row[0]: row[1:] for row in self._sections()["parcours_follow_ups"]["rows"]}
        label = lambda key: self._label("parcours.pathway", "outcome_3m", key)  # noqa: E731
        self.assertEqual(rows[label("in_job")], (1, 0))
        self.assertEqual(rows[label("in_training")], (0, 0))
        self.assertEqual(rows["Not recorded yet"], (0, 1))

    def test_events_and_attendance(self):
        section = self._sections((D(2021, 5, 1), D(2021, 5, 31)))["parcours_events"]
        if "parcours_kind" in self.event._fields:
            key = self._label("event.event", "parcours_kind", "cafe")
        else:
            key = "Café Test Financeurs"
        rows = {row[0]: row[1:] for row in section["rows"]}
        # events held, registrations (not the cancelled one), attendances, people followed who attended
        self.assertEqual(rows[key], (1, 3, 2, 2))
        march = self._sections()["parcours_events"]["rows"]
        self.assertFalse([row for row in march if row[1]], "no event in March")

    def test_the_xlsx_file_holds_the_figures(self):
        wizard = (
            self.env["parcours.funder.report"]
            .with_user(self.pathway_manager)
            .create({"date_from": self.period[0], "date_to": self.period[1]})
        )
        action = wizard.action_generate()
        self.assertIn(str(wizard.attachment_id.id), action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.attachment_id.datas)))
        self.assertEqual(
            book.sheetnames,
            [
                "People per public",
                "Step reached",
                "Outcomes of the pathways",
                "Outcomes at 3 and 6 months",
                "Events and attendance",
            ],
        )
        sheet = book["People per public"]
        rows = {sheet.cell(row, 1).value: [sheet.cell(row, col).value for col in range(2, 6)] for row in range(5, 11)}
        self.assertEqual(rows[self._label("parcours.pathway", "public", "jobseeker")], [2, 0, 2, 1])
        self.assertEqual(rows[self._label("parcours.pathway", "public", "youth")], [1, 1, 2, 0])
        self.assertNotIn("Personne Financeur", str([list(r) for s in book for r in s.values]), "figures, no name")

    def test_the_period_must_end_after_it_starts(self):
        with self.assertRaises(ValidationError):
            self.env["parcours.funder.report"].create({"date_from": D(2021, 3, 31), "date_to": D(2021, 3, 1)})

    def test_the_weekly_report_has_the_pathways_sheet(self):
        sections = {s["key"]: s for s in self.env["reserve.report"]._reserve_report_sections(*self.period)}
        self.assertIn("parcours", sections)
        self.assertEqual(sections["parcours"]["rows"], self._sections()["parcours_publics"]["rows"])
        self.assertEqual(sections["parcours"]["title"], "Pathways to a job")
