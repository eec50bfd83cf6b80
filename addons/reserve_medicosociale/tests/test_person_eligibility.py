from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ReservePersonCommon

VALID_RPPS = "10000000009"  # 10 digits and a Luhn key


@tagged("post_install", "-at_install")
class TestPersonEligibility(ReservePersonCommon):
    """Who may work as which job where: required checks, valid on the day, and diplomas."""

    DAY = date(2026, 6, 15)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls._create_person("Infirmière Test", jobs=cls.job_nurse)
        cls.mecs = cls.env["res.partner"].create(
            {
                "name": "MECS Test La Boussole",
                "is_company": True,
                "finess_category_id": cls.category_mecs.id,
                "member_state": "member",
            }
        )

    def _check(self, person, check_type, state="verified", **values):
        values = {"person_id": person.id, "check_type_id": check_type.id, "state": state, **values}
        if check_type == self.check_rpps:
            values.setdefault("number", VALID_RPPS)
        return self.env["reserve.person.check"].create(values)

    def _qualification(self, person, qualification, state="verified", **values):
        return self.env["reserve.person.qualification"].create(
            {
                "person_id": person.id,
                "qualification_id": qualification.id,
                "state": state,
                **values,
            }
        )

    def test_rpps_key_is_checked(self):
        with self.assertRaises(ValidationError):
            self._check(self.person, self.check_rpps, number="10000000008")

    def test_job_without_requirement_leaves_nothing_missing(self):
        self.assertFalse(self.person._get_missing_checks(self.job_cleaner, self.member, self.DAY))
        self.assertTrue(self.person._is_eligible(self.job_cleaner, self.member, self.DAY))

    def test_nurse_without_rpps_misses_it(self):
        self.assertEqual(self.person._get_missing_checks(self.job_nurse, self.member, self.DAY), self.check_rpps)

    def test_verified_rpps_is_not_missing(self):
        self._check(self.person, self.check_rpps)
        self.assertFalse(self.person._get_missing_checks(self.job_nurse, self.member, self.DAY))

    def test_check_waiting_for_verification_is_still_missing(self):
        self._check(self.person, self.check_rpps, state="to_verify")
        self.assertEqual(self.person._get_missing_checks(self.job_nurse, None, self.DAY), self.check_rpps)

    def test_establishment_category_requires_its_check(self):
        missing = self.person._get_missing_checks(self.job_cleaner, self.mecs, self.DAY)
        self.assertEqual(missing, self.check_honorabilite)

    def test_check_expired_on_the_day_is_missing(self):
        # Valid 36 months from 2023-01-10: until 2026-01-10, before the day.
        self._check(self.person, self.check_honorabilite, date_done=date(2023, 1, 10))
        self.assertEqual(
            self.person._get_missing_checks(self.job_cleaner, self.mecs, self.DAY), self.check_honorabilite
        )
        self.assertFalse(self.person._get_missing_checks(self.job_cleaner, self.mecs, date(2025, 12, 1)))

    def test_nurse_without_qualifying_diploma_is_not_eligible(self):
        self._check(self.person, self.check_rpps)
        self.assertFalse(self.person._is_eligible(self.job_nurse, self.member, self.DAY))

    def test_nurse_with_verified_diploma_and_rpps_is_eligible(self):
        self._check(self.person, self.check_rpps)
        self._qualification(self.person, self.qualification_dei)
        self.assertTrue(self.person._is_eligible(self.job_nurse, self.member, self.DAY))

    def test_refused_diploma_does_not_qualify(self):
        self._check(self.person, self.check_rpps)
        self._qualification(self.person, self.qualification_dei, state="refused", refuse_reason="Unreadable")
        self.assertFalse(self.person._is_eligible(self.job_nurse, self.member, self.DAY))

    def test_filter_eligible_keeps_only_eligible_people(self):
        other = self._create_person("Infirmier Sans RPPS", jobs=self.job_nurse)
        self._check(self.person, self.check_rpps)
        for person in self.person | other:
            self._qualification(person, self.qualification_dei)
        people = self.person | other
        self.assertEqual(people._filter_eligible(self.job_nurse, self.member, self.DAY), self.person)

    def test_filter_eligible_query_count_does_not_grow_with_people(self):
        few = self.person | self._create_person("Second Infirmier", jobs=self.job_nurse)
        many = few | self.env["reserve.person"].union(
            *(self._create_person(f"Infirmier {index}", jobs=self.job_nurse) for index in range(8))
        )

        for person in many:
            self._check(person, self.check_rpps)
            self._check(person, self.check_honorabilite, date_done=date(2026, 1, 5))

        def count_queries(people):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            people._filter_eligible(self.job_nurse, self.mecs, self.DAY)
            return self.env.cr.sql_log_count - before

        self.assertEqual(count_queries(few), count_queries(many))
