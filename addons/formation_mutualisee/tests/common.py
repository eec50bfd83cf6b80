import datetime

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.reserve_medicosociale.tests.common import GROUP_PREFIX, ReservePersonCommon, create_managed_member

TRAINING_MANAGER_GROUP = "formation_mutualisee.formation_mutualisee_group_manager"


class FormationCommon(ReservePersonCommon):
    """The reserve's small world, with a training of the catalogue, a trainer, a training
    manager, three employees of the first member and two of the other, and a session open
    for registration in a month with three seats over two half-days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.training_manager = new_test_user(cls.env, "t_training_manager", groups=TRAINING_MANAGER_GROUP)
        cls.other_trainer = new_test_user(cls.env, "t_other_trainer", groups=GROUP_PREFIX + "trainer")
        cls.third_manager, cls.third_member = create_managed_member(cls.env, "t_third_manager", "SAAD Test Domicile")
        cls.employees = (
            cls.employee
            | cls._create_person("Salarié Deux", category="lent_employee", employer_id=cls.member.id)
            | cls._create_person("Salarié Trois", category="lent_employee", employer_id=cls.member.id)
        )
        cls.other_employees = cls.other_employee | cls._create_person(
            "Salariée Autre Deux", category="lent_employee", employer_id=cls.other_member.id
        )
        cls.third_employee = cls._create_person(
            "Aide à domicile", category="lent_employee", employer_id=cls.third_member.id
        )
        cls.portal_person.state = "active"
        cls.training = cls.env["event.type"].create(
            {
                "name": "AFGSU 2 test",
                "is_training": True,
                "is_published": True,
                "duration_hours": 7,
                "price_per_seat": 150,
                "qualification_id": cls.qualification_afgsu_2.id,
                "funding": "opco_sante",
                "declaration_number": "28500123450",
                "organisation_name": "MCE-M3S Formation",
                "objectives": "<p>Identifier une urgence vitale et réaliser les gestes de premiers secours.</p>",
                "min_attendance_percent": 100,
            }
        )
        cls.day = (fields.Datetime.now() + datetime.timedelta(days=30)).date()
        cls.open_session = cls._create_session(seats_max=3)

    @classmethod
    def _create_session(cls, seats_max=3, state="open", trainer=None, **values):
        session = cls.env["event.event"].create(
            {
                "name": f"Session {cls.day:%d/%m/%Y}",
                "event_type_id": cls.training.id,
                "date_begin": fields.Datetime.to_datetime(cls.day),
                "date_end": fields.Datetime.to_datetime(cls.day) + datetime.timedelta(hours=10),
                "seats_limited": True,
                "seats_max": seats_max,
                "seats_min": 2,
                "trainer_ids": [(6, 0, (trainer or cls.trainer).ids)],
                "registration_deadline": fields.Datetime.now() + datetime.timedelta(days=20),
                "cancellation_deadline": fields.Datetime.now() + datetime.timedelta(days=25),
                "half_day_ids": [
                    (0, 0, {"date": cls.day, "period": "morning"}),
                    (0, 0, {"date": cls.day, "period": "afternoon"}),
                ],
                "cost_amount": 1000.0,
                **values,
            }
        )
        if state != "planned":
            session.action_open_registrations()
        return session

    def _book(self, session, manager, persons, member=None):
        return session.with_user(manager).action_book(persons.ids, (member or persons.employer_id).id)

    def _registrations(self, session, persons=None):
        registrations = session.registration_ids.filtered(lambda r: r.state != "cancel")
        if persons is not None:
            registrations = registrations.filtered(lambda r: r.person_id in persons)
        return registrations
