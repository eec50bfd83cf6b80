import base64
import datetime
import io
from unittest.mock import patch

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MANAGER_GROUP, ParcoursCommon

AUTHORITY_GROUP = "reserve_medicosociale.reserve_medicosociale_group_authority"


@tagged("post_install", "-at_install")
class TestDiagnosis(ParcoursCommon):
    """The members' diagnosis: one survey invitation per member establishment with an e-mail,
    reminders to those who have not answered, the response rate and the results by sector and
    territory (pivot and weekly report) against a fixture computed by hand, and who reads what.

    The database may hold other members (demo data): they are made prospects here, so that the
    campaign reaches the fixture's members only.

    Fixture: North (EHPAD, the member and a second EHPAD), South (IME, a disability service,
    reached through its manager's e-mail), and a member with no e-mail at all.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Partner.search([("member_state", "=", "member")]).write({"member_state": "prospect"})
        Territory = cls.env["reserve.territory"]
        cls.north = Territory.create({"name": "Territoire Test Diag Nord"})
        cls.south = Territory.create({"name": "Territoire Test Diag Sud"})
        ime = cls.env["reserve.finess.category"].search([("sector", "=", "disability")], limit=1)
        cls.member.write(
            {
                "member_state": "member",
                "email": "pins@example.com",
                "territory_id": cls.north.id,
                "member_sector": "elderly",
            }
        )
        cls.other_member.write(
            {
                "member_state": "member",
                "email": "chenes@example.com",
                "territory_id": cls.north.id,
                "member_sector": "elderly",
            }
        )
        cls.manager_only = Partner.create(
            {
                "name": "IME Test Les Tilleuls",
                "is_company": True,
                "member_state": "member",
                "finess_category_id": ime.id,
                "member_sector": "disability",
                "territory_id": cls.south.id,
                "member_manager_ids": [(4, cls.other_manager.id)],
            }
        )
        cls.other_manager.email = "direction.tilleuls@example.com"
        cls.no_email = Partner.create({"name": "MECS Test Sans Courriel", "is_company": True, "member_state": "member"})
        # The mails in English, as written in the templates (the tests read their subjects).
        (cls.member | cls.other_member | cls.manager_only | cls.no_email).lang = "en_US"
        cls.diagnosis = cls.env["parcours.diagnosis"].with_user(cls.pathway_manager).create({"name": "Diagnostic test"})

    def _answer(self, invite, recruitment=True, reinforcement=False, jobs=(), vacancies=0, open_days=0):
        ref = self.env.ref
        invite._answer(
            {
                "survey_diagnosis_q_recruitment": ref(
                    "parcours_emploi.survey_diagnosis_answer_recruitment_" + ("yes" if recruitment else "no")
                ),
                "survey_diagnosis_q_reinforcement": ref(
                    "parcours_emploi.survey_diagnosis_answer_reinforcement_" + ("yes" if reinforcement else "no")
                ),
                "survey_diagnosis_q_jobs": self.env["survey.question.answer"].browse(
                    [ref(f"parcours_emploi.survey_diagnosis_answer_{job}").id for job in jobs]
                ),
                "survey_diagnosis_q_vacancies": vacancies,
                "survey_diagnosis_q_open_days": open_days,
            }
        )

    def _invite(self, establishment):
        return self.diagnosis.invite_ids.filtered(lambda invite: invite.establishment_id == establishment)

    def _mails(self, template):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "parcours.diagnosis.invite"),
                    ("res_id", "in", self.diagnosis.invite_ids.ids),
                    ("subject", "ilike", template),
                ]
            )
        )

    # ------------------------------------------------------------------ sending

    def test_sending_invites_each_member_with_an_email_once(self):
        self.diagnosis.with_user(self.pathway_manager).action_send()
        invites = self.diagnosis.invite_ids
        self.assertEqual(invites.establishment_id, self.member | self.other_member | self.manager_only)
        self.assertEqual(self._invite(self.manager_only).email, "direction.tilleuls@example.com")
        self.assertEqual(len(invites.user_input_id), 3)
        self.assertEqual(invites.user_input_id.survey_id, self.env.ref("parcours_emploi.survey_parcours_diagnosis"))
        self.assertEqual(invites.user_input_id.diagnosis_invite_id, invites)
        # Through the mail queue, each with the establishment's own link.
        mails = self._mails("your staffing needs")
        self.assertEqual(len(mails), 3)
        for invite in invites:
            mail = mails.filtered(lambda m, i=invite: m.res_id == i.id)
            self.assertEqual(mail.email_to, invite.email)
            self.assertIn(invite.user_input_id.access_token, mail.body_html)
            self.assertEqual(mail.state, "outgoing")
        self.assertEqual(self.diagnosis.state, "sent")
        self.assertEqual(self.diagnosis.sent_count, 3)

    def test_sending_again_invites_only_new_members(self):
        self.diagnosis.with_user(self.pathway_manager).action_send()
        with self.assertRaises(UserError):
            self.diagnosis.with_user(self.pathway_manager).action_send()
        self.no_email.email = "mecs@example.com"
        self.diagnosis.with_user(self.pathway_manager).action_send()
        self.assertEqual(len(self.diagnosis.invite_ids), 4)
        self.assertEqual(len(self._mails("your staffing needs")), 4)

    # ------------------------------------------------------------------ reminders

    def test_reminder_goes_only_to_those_who_have_not_answered(self):
        self.diagnosis.with_user(self.pathway_manager).action_send()
        self._answer(self._invite(self.member))
        self.diagnosis.with_user(self.pathway_manager).action_remind()
        reminded = self._mails("Reminder").mapped("res_id")
        self.assertEqual(
            sorted(reminded), sorted((self._invite(self.other_member) | self._invite(self.manager_only)).ids)
        )
        self.assertEqual(self._invite(self.member).reminder_count, 0)
        self.assertEqual(self._invite(self.other_member).reminder_count, 1)

    def test_the_cron_reminds_after_the_delay_only(self):
        self.diagnosis.with_user(self.pathway_manager).action_send()
        self._answer(self._invite(self.member))
        with patch.object(self.env.registry["ir.cron"], "_commit_progress", return_value=60):
            self.env["parcours.diagnosis"]._cron_remind()
            self.assertFalse(self._mails("Reminder"))
            later = fields.Datetime.now() + datetime.timedelta(days=8)
            with patch.object(fields.Datetime, "now", return_value=later):
                self.env["parcours.diagnosis"]._cron_remind()
        self.assertEqual(len(self._mails("Reminder")), 2)

    def test_nobody_to_remind_is_a_clear_error(self):
        self.diagnosis.with_user(self.pathway_manager).action_send()
        for invite in self.diagnosis.invite_ids:
            self._answer(invite)
        with self.assertRaises(UserError):
            self.diagnosis.with_user(self.pathway_manager).action_remind()

    # ------------------------------------------------------------------ results

    def _answer_fixture(self):
        self.diagnosis.with_user(self.pathway_manager).action_send()
        self._answer(
            self._invite(self.member),
            recruitment=True,
            reinforcement=True,
            jobs=("job_aide_soignant", "job_infirmier"),
            vacancies=3,
            open_days=0,
        )
        self._answer(
            self._invite(self.manager_only),
            recruitment=False,
            reinforcement=True,
            jobs=("job_aes",),
            vacancies=1,
            open_days=2,
        )
        # other_member has not answered.

    def test_answers_are_read_from_the_survey(self):
        self._answer_fixture()
        invite = self._invite(self.member)
        self.assertTrue(invite.is_answered)
        self.assertTrue(invite.needs_recruitment)
        self.assertTrue(invite.needs_reinforcement)
        self.assertEqual(invite.tension_job_ids, self.job_care_assistant | self.job_nurse)
        self.assertEqual((invite.vacancy_count, invite.open_day_count, invite.has_open_days), (3, 0, False))
        self.assertFalse(self._invite(self.other_member).is_answered)

    def test_response_rate_and_results_by_sector_and_territory(self):
        self._answer_fixture()
        self.assertEqual((self.diagnosis.sent_count, self.diagnosis.answered_count), (3, 2))
        self.assertAlmostEqual(self.diagnosis.response_rate, 66.7)
        sectors = dict(self.env["res.partner"]._fields["member_sector"]._description_selection(self.env))
        expected = {
            # (invited, answered, rate, need to recruit, need reinforcement, hold no open day, vacancies)
            (sectors["elderly"], "Territoire Test Diag Nord"): (2, 1, 0.5, 1, 1, 1, 3),
            (sectors["disability"], "Territoire Test Diag Sud"): (1, 1, 1.0, 0, 1, 0, 1),
        }
        rows = {(row[0], row[1]): tuple(row[2:]) for row in self.diagnosis._results_rows()}
        self.assertEqual(rows, expected)
        # The pivot view (parcours.diagnosis.report) says the same.
        groups = self.env["parcours.diagnosis.report"]._read_group(
            [("diagnosis_id", "=", self.diagnosis.id)],
            ["member_sector", "territory_id"],
            [
                "invited_count:sum",
                "answered_count:sum",
                "response_rate:avg",
                "recruitment_count:sum",
                "reinforcement_count:sum",
                "no_open_day_count:sum",
                "vacancy_count:sum",
            ],
        )
        from_view = {
            (sectors[sector], territory.name): (invited, answered, rate / 100, *rest)
            for sector, territory, invited, answered, rate, *rest in groups
        }
        self.assertEqual(from_view, expected)

    def test_the_weekly_report_has_the_results_sheet(self):
        self._answer_fixture()
        today = fields.Date.context_today(self.env["res.users"])
        report = self.env["reserve.report"].create({"date_from": today - datetime.timedelta(days=6), "date_to": today})
        sections = {s["key"]: s for s in report._reserve_report_sections(report.date_from, report.date_to)}
        section = sections["members_diagnosis"]
        self.assertEqual(
            {(row[0], row[1]): tuple(row[2:]) for row in section["rows"]},
            {(row[0], row[1]): tuple(row[2:]) for row in self.diagnosis._results_rows()},
        )
        report._generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.attachment_id.datas)))
        sheet = book[section["title"][:31]]
        self.assertEqual(sheet.cell(row=4, column=3).value, "Establishments invited")
        text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        self.assertNotIn(self.member.name, text)
        self.assertNotIn("pins@example.com", text)
        # Before the diagnosis was sent, the sheet is empty.
        before = self.env["reserve.report"]._reserve_report_sections(
            datetime.date(2020, 1, 1), datetime.date(2020, 1, 7)
        )
        self.assertEqual(next(s for s in before if s["key"] == "members_diagnosis")["rows"], [])

    # ------------------------------------------------------------------ access

    def test_a_member_manager_reads_only_the_answers_of_their_establishment(self):
        self._answer_fixture()
        Invite = self.env["parcours.diagnosis.invite"].with_user(self.manager)
        visible = Invite.search([("diagnosis_id", "=", self.diagnosis.id)])
        self.assertEqual(visible.establishment_id, self.member)
        with self.assertRaises(AccessError):
            self._invite(self.manager_only).with_user(self.manager).read(["vacancy_count"])
        with self.assertRaises(AccessError):
            self._invite(self.member).with_user(self.manager).write({"vacancy_count": 99})
        # Nor the survey's own answers of another establishment.
        with self.assertRaises(AccessError):
            self._invite(self.manager_only).user_input_id.with_user(self.manager).read(["user_input_line_ids"])

    def test_an_authority_reads_the_figures_never_an_establishment(self):
        self._answer_fixture()
        authority = new_test_user(self.env, "t_diag_authority", groups=AUTHORITY_GROUP)
        Report = self.env["parcours.diagnosis.report"].with_user(authority)
        groups = Report._read_group(
            [("diagnosis_id", "=", self.diagnosis.id)], ["territory_id"], ["answered_count:sum"]
        )
        self.assertEqual(sum(count for _territory, count in groups), 2)
        self.assertFalse({"establishment_id", "email", "partner_id", "name"} & set(Report._fields))
        with self.assertRaises(AccessError):
            self.env["parcours.diagnosis.invite"].with_user(authority).search_read([], ["establishment_id"])
        with self.assertRaises(AccessError):
            self.env["parcours.diagnosis"].with_user(authority).search_read([], ["name"])

    def test_only_pathway_managers_send_a_campaign(self):
        with self.assertRaises(AccessError):
            self.diagnosis.with_user(self.referent).action_send()
        with self.assertRaises(AccessError):
            self.env["parcours.diagnosis"].with_user(self.manager).create({"name": "Non"})
        manager = new_test_user(self.env, "t_diag_manager2", groups=MANAGER_GROUP)
        self.diagnosis.with_user(manager).action_send()
        self.assertEqual(self.diagnosis.state, "sent")
