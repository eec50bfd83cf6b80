from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FormationCommon


@tagged("post_install", "-at_install")
class TestAccess(FormationCommon):
    """Who sees what: a trainer their sessions, a member its own registrations and statements,
    a reservist their own registrations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_session = cls._create_session(trainer=cls.other_trainer)
        cls.open_session.with_user(cls.manager).action_book(cls.employees[:1].ids, cls.member.id)
        cls.open_session.with_user(cls.other_manager).action_book(cls.other_employees[:1].ids, cls.other_member.id)
        cls.open_session.with_user(cls.portal_user).action_register_self()

    def test_trainer_sees_only_their_sessions(self):
        Session = self.env["event.event"].with_user(self.trainer)
        self.assertEqual(Session.search([("is_training", "=", True)]), self.open_session)
        with self.assertRaises(AccessError):
            self.other_session.with_user(self.trainer).read(["name"])
        registrations = self.env["event.registration"].with_user(self.trainer).search([])
        self.assertEqual(registrations.event_id, self.open_session)

    def test_trainer_edits_only_the_place_and_half_days(self):
        self.open_session.with_user(self.trainer).write({"online_url": "https://visio.example.org/afgsu"})
        with self.assertRaises(AccessError):
            self.open_session.with_user(self.trainer).write({"seats_max": 30})
        with self.assertRaises(AccessError):
            self.open_session.with_user(self.trainer).write({"trainer_ids": [(4, self.other_trainer.id)]})
        with self.assertRaises(AccessError):
            self.other_session.with_user(self.trainer).write({"online_url": "https://x.example.org"})

    def test_member_sees_its_own_registrations_only(self):
        mine = self.env["event.registration"].with_user(self.manager).search([])
        self.assertEqual(mine.person_id, self.employees[:1])
        theirs = self._registrations(self.open_session, self.other_employees[:1])
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).read(["name"])

    def test_reservist_sees_own_registration_only(self):
        mine = self.env["event.registration"].with_user(self.portal_user).search([])
        self.assertEqual(mine.person_id, self.portal_person)
        with self.assertRaises(AccessError):
            self._registrations(self.open_session, self.employees[:1]).with_user(self.portal_user).read(["name"])

    def test_members_and_reservists_cannot_write_registrations(self):
        registration = self._registrations(self.open_session, self.employees[:1])
        for user in (self.manager, self.portal_user):
            with self.assertRaises(AccessError):
                self.env["event.registration"].with_user(user).create(
                    {"event_id": self.open_session.id, "person_id": self.employee.id, "state": "open"}
                )
        with self.assertRaises(AccessError):
            registration.with_user(self.manager).write({"state": "done"})
        with self.assertRaises(AccessError):
            registration.with_user(self.manager).write({"establishment_id": self.other_member.id})

    def test_member_cannot_change_quotas_or_costs(self):
        with self.assertRaises(AccessError):
            self.env["formation.seat.quota"].with_user(self.manager).create(
                {"session_id": self.open_session.id, "member_id": self.member.id, "seat_count": 3}
            )
        with self.assertRaises(AccessError):
            self.open_session.with_user(self.manager).write({"seats_max": 50})
        with self.assertRaises(AccessError):
            self.open_session.with_user(self.manager).action_compute_cost_shares()

    def test_member_sees_its_own_statements_only(self):
        Statement = self.env["formation.cost.statement"]
        mine = Statement.create({"member_id": self.member.id, "date_from": "2026-01-01", "date_to": "2026-12-31"})
        theirs = Statement.create(
            {"member_id": self.other_member.id, "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        self.assertEqual(Statement.with_user(self.manager).search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).read(["amount_total"])
        with self.assertRaises(AccessError):
            Statement.with_user(self.portal_user).search([])

    def test_unpublished_and_planned_sessions_are_hidden_from_members(self):
        planned = self._create_session(state="planned")
        Session = self.env["event.event"].with_user(self.manager)
        self.assertNotIn(planned, Session.search([]))
        self.assertIn(self.open_session, Session.search([]))
        self.training.is_published = False
        self.assertFalse(Session.search([("id", "=", self.open_session.id)]))

    def test_member_books_in_the_back_office_for_its_employees_only(self):
        Wizard = self.env["formation.session.book"].with_user(self.manager)
        wizard = Wizard.create({"session_id": self.open_session.id, "member_id": self.member.id})
        self.assertEqual(wizard.allowed_member_ids, self.member)
        wizard.person_ids = self.employees[1:2]
        wizard.action_book()
        self.assertIn(self.employees[1], self._registrations(self.open_session).person_id)
        with self.assertRaises(AccessError):
            Wizard.create(
                {
                    "session_id": self.open_session.id,
                    "member_id": self.other_member.id,
                    "person_ids": [(6, 0, self.other_employees[1:].ids)],
                }
            ).action_book()
        self.assertNotIn(self.other_employees[1], self._registrations(self.open_session).person_id)

    def test_sign_in_sheet_is_for_trainers_and_training_managers(self):
        report = self.env["ir.actions.report"]
        for user in (self.manager, self.other_trainer):
            with self.assertRaises(AccessError):
                report.with_user(user)._render_qweb_html(
                    "formation_mutualisee.action_report_sign_in_sheet", self.open_session.ids
                )
        html, _kind = report.with_user(self.trainer)._render_qweb_html(
            "formation_mutualisee.action_report_sign_in_sheet", self.open_session.ids
        )
        self.assertIn("Salarié Autre Membre", html.decode())
