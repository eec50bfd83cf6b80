from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReserveCommon


@tagged("post_install", "-at_install")
class TestMemberAccess(ReserveCommon):
    """What each role can do with member establishments."""

    def test_coordinator_reads_writes_creates_and_deletes_members(self):
        Partner = self.env["res.partner"].with_user(self.coordinator)
        self.assertIn(self.member, Partner.search([("member_state", "=", "member")]))
        self.member.with_user(self.coordinator).write({"member_capacity": 90})
        created = Partner.create({"name": "Nouveau membre", "is_company": True, "member_state": "prospect"})
        created.action_member_join()
        self.assertEqual(created.member_state, "member")
        created.unlink()

    def test_manager_reads_every_member(self):
        found = self.env["res.partner"].with_user(self.manager).search([("member_state", "=", "member")])
        self.assertIn(self.other_member, found)

    def test_manager_writes_own_establishment_and_its_contacts(self):
        self.member.with_user(self.manager).write({"phone": "02 33 00 11 22", "member_capacity": 88})
        self.member_contact.with_user(self.manager).write({"function": "IDEC"})
        self.assertEqual(self.member.member_capacity, 88)

    def test_manager_creates_a_contact_of_own_establishment(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.manager)
            .create({"name": "Cadre de santé", "parent_id": self.member.id})
        )
        self.assertEqual(contact.parent_id, self.member)

    def test_manager_cannot_write_another_establishment(self):
        with self.assertRaises(AccessError):
            self.other_member.with_user(self.manager).write({"phone": "0000"})

    def test_manager_cannot_create_a_contact_elsewhere(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.manager).create(
                {"name": "Intrus", "parent_id": self.other_member.id}
            )

    def test_manager_cannot_delete_another_establishment(self):
        with self.assertRaises(AccessError):
            self.other_member.with_user(self.manager).unlink()

    def test_manager_cannot_change_membership_of_own_establishment(self):
        with self.assertRaisesRegex(AccessError, "coordinators"):
            self.member.with_user(self.manager).write({"member_state": "left"})
        with self.assertRaises(AccessError):
            self.member.with_user(self.manager).action_member_suspend()
        with self.assertRaises(AccessError):
            self.member.with_user(self.manager).write({"member_manager_ids": [(4, self.other_manager.id)]})

    def test_authority_reads_but_cannot_write_create_or_delete(self):
        Partner = self.env["res.partner"].with_user(self.authority)
        self.assertIn(self.member, Partner.search([("member_state", "=", "member")]))
        self.assertEqual(self.member.with_user(self.authority).finess_et, "500000021")
        with self.assertRaises(AccessError):
            self.member.with_user(self.authority).write({"phone": "0000"})
        with self.assertRaises(AccessError):
            Partner.create({"name": "Nouveau", "is_company": True})
        with self.assertRaises(AccessError):
            self.member.with_user(self.authority).unlink()

    def test_trainer_cannot_write_members(self):
        with self.assertRaises(AccessError):
            self.member.with_user(self.trainer).write({"phone": "0000"})

    def test_portal_user_cannot_read_members(self):
        with self.assertRaises(AccessError):
            self.member.with_user(self.portal_user).read(["name", "finess_et"])
        with self.assertRaises(AccessError):
            self.member.with_user(self.portal_user).write({"phone": "0000"})

    def test_only_coordinator_edits_reference_lists(self):
        category = self.env["reserve.finess.category"]
        self.assertTrue(category.with_user(self.manager).search_count([]))
        with self.assertRaises(AccessError):
            category.with_user(self.manager).create({"code": "999", "name": "Test", "sector": "health"})
        category.with_user(self.coordinator).create({"code": "999", "name": "Test", "sector": "health"})
        with self.assertRaises(AccessError):
            self.env["reserve.territory"].with_user(self.authority).create({"name": "Zone"})
