from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ReserveCommon


@tagged("post_install", "-at_install")
class TestMember(ReserveCommon):
    def test_valid_finess_is_stored_without_spaces(self):
        partner = self.env["res.partner"].create({"name": "SSIAD", "is_company": True, "finess_et": " 500 000 047 "})
        self.assertEqual(partner.finess_et, "500000047")

    def test_finess_with_wrong_key_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "FINESS ET 500000048"):
            self.env["res.partner"].create({"name": "SSIAD", "is_company": True, "finess_et": "500000048"})

    def test_finess_with_wrong_length_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "SSIAD", "is_company": True, "finess_ej": "50000004"})

    def test_finess_with_letters_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "SSIAD", "is_company": True, "finess_et": "5000X0047"})

    def test_corsican_finess_is_accepted(self):
        partner = self.env["res.partner"].create(
            {"name": "EHPAD Ajaccio", "is_company": True, "finess_et": "2a0000014"}
        )
        self.assertEqual(partner.finess_et, "2A0000014")
        self.assertEqual(partner.department_id.code, "2A")

    def test_duplicate_finess_is_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(
            ValidationError, "FINESS ET 500000021 is already the number of “EHPAD Test Les Pins”"
        ):
            self.env["res.partner"].create({"name": "Doublon", "is_company": True, "finess_et": self.member.finess_et})

    def test_duplicate_of_an_archived_finess_is_refused(self):
        self.other_member.action_archive()
        with self.assertRaisesRegex(ValidationError, "archived"):
            self.env["res.partner"].create({"name": "Doublon", "is_company": True, "finess_et": "440000032"})

    def test_duplicate_finess_is_refused_by_the_database_too(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "UPDATE res_partner SET finess_et = %s WHERE id = %s", (self.member.finess_et, self.other_member.id)
            )

    def test_valid_siret_is_compacted(self):
        self.member.siret = "223 344 557 00010"
        self.assertEqual(self.member.siret, "22334455700010")

    def test_invalid_siret_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "SIRET"):
            self.member.siret = "22334455700011"

    def test_duplicate_siret_is_refused(self):
        self.member.siret = "33445566400014"
        with self.assertRaisesRegex(ValidationError, "SIRET 33445566400014 is already"):
            self.other_member.siret = "334 455 664 00014"

    def test_department_comes_from_commune_then_finess(self):
        self.assertEqual(self.member.department_id.code, "50")
        self.assertEqual(self.other_member.department_id.code, "44")
        self.assertEqual(self.legal_entity.department_id.code, "50", "a legal entity takes it from its FINESS EJ")

    def test_coordinates_come_from_the_commune(self):
        self.assertAlmostEqual(self.member.latitude, self.commune_cherbourg.latitude, places=5)
        self.assertAlmostEqual(self.member.longitude, self.commune_cherbourg.longitude, places=5)

    def test_sector_comes_from_category(self):
        self.assertEqual(self.member.member_sector, "elderly")

    def test_territory_follows_the_commune(self):
        territory = self.env["reserve.territory"].create(
            {
                "name": "Cotentin test",
                "commune_ids": [(4, self.commune_cherbourg.id)],
            }
        )
        self.assertEqual(self.member.territory_id, territory)
        self.assertFalse(self.other_member.territory_id == territory)

    def test_membership_lifecycle(self):
        partner = self.env["res.partner"].create({"name": "Nouvel adhérent", "is_company": True})
        partner.action_member_prospect()
        self.assertEqual(partner.member_state, "prospect")
        self.assertTrue(partner.member_date_prospect)
        self.assertFalse(partner.is_member)
        partner.action_member_join()
        self.assertEqual(partner.member_state, "member")
        self.assertTrue(partner.is_member)
        joined = partner.member_date_join
        partner.action_member_suspend()
        self.assertEqual(partner.member_state, "suspended")
        self.assertFalse(partner.is_member)
        partner.action_member_join()
        self.assertEqual(partner.member_date_join, joined, "resuming keeps the joining date")
        partner.action_member_leave()
        self.assertEqual(partner.member_state, "left")
        self.assertTrue(partner.member_date_leave)

    def test_suspending_a_prospect_is_refused(self):
        partner = self.env["res.partner"].create({"name": "Prospect", "is_company": True, "member_state": "prospect"})
        with self.assertRaisesRegex(UserError, "cannot become"):
            partner.action_member_suspend()

    def test_prospect_twice_is_refused(self):
        with self.assertRaises(UserError):
            self.member.action_member_prospect()

    def test_negative_capacity_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "capacity cannot be negative"):
            self.member.member_capacity = -3

    def test_establishments_keep_their_own_address(self):
        sibling = self.env["res.partner"].create(
            {
                "name": "SSIAD Test",
                "is_company": True,
                "parent_id": self.legal_entity.id,
                "street": "1 rue du Port",
                "city": "Granville",
            }
        )
        self.member.write({"street": "9 rue des Pins", "city": "Cherbourg-en-Cotentin"})
        self.assertEqual(sibling.type, "other")
        self.assertEqual(sibling.street, "1 rue du Port")
        self.assertNotEqual(self.legal_entity.street, "9 rue des Pins")
