from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReservePersonCommon


@tagged("post_install", "-at_install")
class TestPersonAccess(ReservePersonCommon):
    """Who sees which profile: coordinators everyone, a member manager their own employees,
    a person their own profile; authorities and trainers none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Line = cls.env["reserve.person.qualification"]
        cls.own_line = Line.create({"person_id": cls.portal_person.id, "qualification_id": cls.qualification_deas.id})
        cls.other_line = Line.create(
            {"person_id": cls.other_portal_person.id, "qualification_id": cls.qualification_deas.id}
        )

    def test_coordinator_reads_every_profile(self):
        people = self.employee | self.other_employee | self.portal_person | self.other_portal_person
        self.assertEqual(people.with_user(self.coordinator).read(["name"])[0]["name"], people[0].name)
        found = self.env["reserve.person"].with_user(self.coordinator).search([("id", "in", people.ids)])
        self.assertEqual(found, people)

    def test_coordinator_verifies_a_qualification(self):
        self.own_line.with_user(self.coordinator).action_verify()
        self.assertEqual(self.own_line.state, "verified")
        self.assertEqual(self.own_line.verified_by_id, self.coordinator)

    def test_manager_reads_own_employee(self):
        self.assertEqual(self.employee.with_user(self.manager).read(["name"])[0]["name"], "Salariée Prêtée")

    def test_manager_search_finds_only_own_employees(self):
        found = self.env["reserve.person"].with_user(self.manager).search([])
        self.assertEqual(found, self.employee)

    def test_manager_cannot_read_another_members_employee(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person"].with_user(self.manager).browse(self.other_employee.id).read(["name"])

    def test_manager_cannot_read_a_person_who_is_not_an_employee(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person"].with_user(self.manager).browse(self.portal_person.id).read(["name"])

    def test_manager_cannot_verify_a_qualification(self):
        line = self.env["reserve.person.qualification"].create(
            {
                "person_id": self.employee.id,
                "qualification_id": self.qualification_deas.id,
            }
        )
        with self.assertRaises(UserError):
            line.with_user(self.manager).action_verify()
        self.assertEqual(line.state, "to_verify")

    def test_authority_cannot_read_profiles(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person"].with_user(self.authority).browse(self.employee.id).read(["name"])

    def test_trainer_cannot_read_profiles(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person"].with_user(self.trainer).search([])

    def test_portal_user_reads_own_profile_and_lines(self):
        own = self.env["reserve.person"].with_user(self.portal_user).browse(self.portal_person.id)
        self.assertEqual(own.read(["name"])[0]["name"], "Portail Un")
        self.assertEqual(own.qualification_line_ids, self.own_line)

    def test_portal_user_search_finds_only_own_profile(self):
        found = self.env["reserve.person"].with_user(self.portal_user).search([])
        self.assertEqual(found, self.portal_person)

    def test_portal_user_cannot_read_another_profile(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person"].with_user(self.portal_user).browse(self.other_portal_person.id).read(["name"])

    def test_portal_user_cannot_read_another_persons_qualification(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person.qualification"].with_user(self.portal_user).browse(self.other_line.id).read(
                ["state"]
            )

    def test_portal_user_cannot_verify_own_qualification(self):
        with self.assertRaises(AccessError):
            self.own_line.with_user(self.portal_user).write({"state": "verified"})
        self.assertEqual(self.own_line.state, "to_verify")

    def test_portal_user_cannot_create_a_verified_qualification(self):
        with self.assertRaises(AccessError):
            self.env["reserve.person.qualification"].with_user(self.portal_user).create(
                {
                    "person_id": self.portal_person.id,
                    "qualification_id": self.qualification_dei.id,
                    "state": "verified",
                }
            )

    def test_portal_user_cannot_validate_own_profile(self):
        self.portal_person.action_submit()
        with self.assertRaises(UserError):
            self.portal_person.with_user(self.portal_user).action_validate()
        self.assertEqual(self.portal_person.state, "to_validate")
