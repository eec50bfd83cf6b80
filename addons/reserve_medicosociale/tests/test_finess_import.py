import base64
from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open

from ..wizards.reserve_finess_import import ReserveFinessImport

GROUP_PREFIX = "reserve_medicosociale.reserve_medicosociale_group_"
# Numbers written in tests/fixtures/finess_extract_utf8.csv (keys computed with finess_check_digit).
CHERBOURG, SAINT_LO, NANTES_IME, NANTES_EHPAD = "500001011", "500002027", "440003036", "440004042"
AJACCIO, REUNION = "2A0006060", "970407078"
UNKNOWN_CATEGORY, WRONG_KEY = "500005053", "500009098"
EJ_MANCHE, EJ_PARIS, EJ_CORSICA, EJ_REUNION = "500012349", "750123457", "2A0001236", "970400123"
IMPORTED = [CHERBOURG, SAINT_LO, NANTES_IME, NANTES_EHPAD, AJACCIO, REUNION]
# tests/fixtures/finess_extract_latin1.csv
SAINTE_THERESE, BOCAGE, EJ_SAINT_LO = "500010103", "500011119", "500022223"


@tagged("post_install", "-at_install")
class TestFinessImport(TransactionCase):
    """The FINESS import wizard, run by a coordinator on small extracts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(cls.env, "t_finess_coordinator", groups=GROUP_PREFIX + "coordinator")
        cls.manager = new_test_user(cls.env, "t_finess_manager", groups=GROUP_PREFIX + "member_manager")
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)
        cls.utf8 = cls._fixture("finess_extract_utf8.csv")
        cls.latin1 = cls._fixture("finess_extract_latin1.csv")
        cls.cherbourg = cls.env.ref("reserve_medicosociale.commune_50129")
        cls.saint_lo = cls.env.ref("reserve_medicosociale.commune_50502")
        cls.nantes = cls.env.ref("reserve_medicosociale.commune_44109")

    @staticmethod
    def _fixture(name):
        with file_open(f"reserve_medicosociale/tests/fixtures/{name}", "rb") as fixture:
            return fixture.read()

    def _wizard(self, data=None, **vals):
        return (
            self.env["reserve.finess.import"]
            .with_user(self.coordinator)
            .create(
                {
                    "file": base64.b64encode(self.utf8 if data is None else data),
                    "filename": "extract.csv",
                    **vals,
                }
            )
        )

    def _import(self, data=None, **vals):
        wizard = self._wizard(data, **vals)
        wizard.action_import()
        return wizard

    def _partner(self, finess_et):
        return self.Partner.search([("finess_et", "=", finess_et)])

    def _reasons(self, wizard, action=None):
        return {
            line.line_number: line.reason or "" for line in wizard.line_ids if action is None or line.action == action
        }

    def test_import_creates_establishments_and_legal_entities(self):
        wizard = self._import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(
            (wizard.created_count, wizard.updated_count, wizard.rejected_count, wizard.skipped_count),
            (6, 0, 5, 1),
        )
        self.assertEqual(wizard.warning_count, 2)
        self.assertEqual(wizard.legal_entity_count, 4)
        for number in IMPORTED:
            self.assertEqual(len(self._partner(number)), 1, number)
        self.assertFalse(self._partner(UNKNOWN_CATEGORY) | self._partner(WRONG_KEY))

    def test_establishment_gets_every_field_of_its_line(self):
        self._import()
        ehpad = self._partner(CHERBOURG)
        self.assertRecordValues(
            ehpad,
            [
                {
                    "name": "EHPAD LES TILLEULS CHERBOURG",
                    "is_company": True,
                    "type": "other",
                    "street": "12 BIS RUE DE LA PAIX",
                    "street2": "BP 12",
                    "zip": "50100",
                    "city": "CHERBOURG EN COTENTIN",
                    "phone": "0233000000",
                    "siret": "12345678200010",
                    "finess_category_id": self.env.ref("reserve_medicosociale.finess_category_500").id,
                    "commune_id": self.cherbourg.id,
                    "department_id": self.env.ref("reserve_medicosociale.department_50").id,
                    "country_id": self.env.ref("base.fr").id,
                    "member_state": "prospect",
                    "finess_open_date": date(1990, 5, 1),
                    "finess_update_date": date(2024, 3, 15),
                }
            ],
        )
        # Geolocation line in Lambert-93, converted to WGS 84.
        self.assertAlmostEqual(ehpad.latitude, 49.6394, places=4)
        self.assertAlmostEqual(ehpad.longitude, -1.6163, places=4)
        self.assertRecordValues(
            ehpad.parent_id,
            [
                {
                    "name": f"Legal entity {EJ_MANCHE}",
                    "finess_ej": EJ_MANCHE,
                    "is_company": True,
                }
            ],
        )

    def test_establishments_of_one_legal_entity_keep_their_own_address(self):
        self._import()
        cherbourg, saint_lo = self._partner(CHERBOURG), self._partner(SAINT_LO)
        self.assertEqual(cherbourg.parent_id, saint_lo.parent_id)
        self.assertEqual((cherbourg.zip, saint_lo.zip), ("50100", "50000"))
        self.assertFalse(cherbourg.parent_id.street)

    def test_quoted_name_with_doubled_quotes(self):
        self._import()
        ssiad = self._partner(SAINT_LO)
        self.assertEqual(ssiad.name, 'SSIAD "LES AMIS"; SAINT-LÔ')
        self.assertEqual(ssiad.commune_id, self.saint_lo)
        self.assertEqual(ssiad.finess_category_id, self.env.ref("reserve_medicosociale.finess_category_354"))

    def test_legal_entity_may_sit_in_another_department(self):
        self._import()
        ime = self._partner(NANTES_IME)
        self.assertEqual(ime.department_id, self.env.ref("reserve_medicosociale.department_44"))
        self.assertEqual(ime.parent_id.finess_ej, EJ_PARIS)
        self.assertEqual(ime.parent_id, self._partner(NANTES_EHPAD).parent_id)

    def test_corsica_and_overseas(self):
        self._import()
        ajaccio, reunion = self._partner(AJACCIO), self._partner(REUNION)
        self.assertEqual(ajaccio.department_id.code, "2A")
        self.assertEqual(ajaccio.parent_id.finess_ej, EJ_CORSICA)
        self.assertAlmostEqual(ajaccio.latitude, 41.9192, places=4)
        # "9D" in the extract is La Réunion (974); coordinates in UTM 40S.
        self.assertEqual(reunion.department_id.code, "974")
        self.assertEqual(reunion.parent_id.finess_ej, EJ_REUNION)
        self.assertAlmostEqual(reunion.latitude, -20.8789, places=4)
        self.assertAlmostEqual(reunion.longitude, 55.4481, places=4)

    def test_broken_lines_are_reported_with_their_reason(self):
        wizard = self._import()
        rejected = self._reasons(wizard, "reject")
        self.assertEqual(sorted(rejected), [7, 8, 11, 12, 19])
        self.assertIn("check key", rejected[7])
        self.assertIn("16 fields instead of 31", rejected[8])
        self.assertIn("already appears on line 2", rejected[11])
        self.assertIn("unknown type (equipementsocial)", rejected[12])
        self.assertIn("3 fields instead of 6", rejected[19])
        # Rejected lines come first.
        self.assertEqual(wizard.line_ids[:5].mapped("action"), ["reject"] * 5)

    def test_category_outside_the_sector_is_filtered_out_with_its_reason(self):
        wizard = self._import()
        filtered = self._reasons(wizard, "skip")
        self.assertEqual(list(filtered), [6])
        self.assertIn("category 999", filtered[6])
        self.assertIn("outside the sector", filtered[6])
        self.assertEqual(wizard.line_ids[-1].action, "skip", "Filtered-out lines come last.")
        self.assertIn("outside the sector's categories", wizard.message)
        self.assertIn("1 lines — 999", wizard.message)
        self.assertFalse(self._partner(UNKNOWN_CATEGORY))

    def test_coordinate_problems_keep_the_establishment_without_them(self):
        wizard = self._import()
        reasons = self._reasons(wizard)
        ime, ehpad = self._partner(NANTES_IME), self._partner(NANTES_EHPAD)
        self.assertIn("projection this import does not know (GAUSS_KRUGER)", reasons[4])
        self.assertIn("outside the territory", reasons[5])
        # The commune's coordinates stand in for the refused ones.
        self.assertEqual((ime.latitude, ime.longitude), (self.nantes.latitude, self.nantes.longitude))
        self.assertEqual(ehpad.latitude, self.nantes.latitude)
        self.assertEqual(wizard.line_ids.filtered(lambda line: line.line_number == 4).action, "create")

    def test_wrong_or_shared_siret_is_left_empty_with_a_warning(self):
        wizard = self._import()
        reasons = self._reasons(wizard)
        self.assertFalse(self._partner(NANTES_IME).siret)
        self.assertIn("SIRET 12345678900000 is not valid", reasons[4])
        # The Nantes EHPAD repeats the Cherbourg EHPAD's SIRET: the first one keeps it.
        self.assertFalse(self._partner(NANTES_EHPAD).siret)
        self.assertIn("SIRET 12345678200010 already belongs to", reasons[5])
        self.assertEqual(self._partner(CHERBOURG).siret, "12345678200010")

    def test_preview_writes_nothing(self):
        partners_before = self.Partner.search_count([])
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual((wizard.created_count, wizard.rejected_count, wizard.warning_count), (6, 5, 2))
        self.assertEqual(wizard.legal_entity_count, 4)
        self.assertEqual(self.Partner.search_count([]), partners_before)
        self.assertEqual(
            set(wizard.line_ids.filtered(lambda line: line.action == "create").mapped("finess_et")), set(IMPORTED)
        )
        # The preview can then be imported as it is.
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.created_count), ("done", 6))

    def test_second_import_updates_instead_of_duplicating(self):
        self._import()
        self._partner(CHERBOURG).write({"name": "EHPAD Les Tilleuls", "phone": False})
        wizard = self._import()
        self.assertEqual((wizard.created_count, wizard.updated_count, wizard.legal_entity_count), (0, 6, 0))
        for number in IMPORTED:
            self.assertEqual(len(self._partner(number)), 1, number)
        self.assertEqual(self.Partner.search_count([("finess_ej", "=", EJ_MANCHE)]), 1)
        self.assertRecordValues(
            self._partner(CHERBOURG), [{"name": "EHPAD LES TILLEULS CHERBOURG", "phone": "0233000000"}]
        )

    def test_existing_legal_entity_keeps_its_name(self):
        association = self.Partner.create(
            {"name": "Association Les Tilleuls", "is_company": True, "finess_ej": EJ_MANCHE}
        )
        wizard = self._import()
        self.assertEqual(wizard.legal_entity_count, 3)
        self.assertEqual(self._partner(CHERBOURG).parent_id, association)
        self.assertEqual(association.name, "Association Les Tilleuls")

    def test_empty_value_does_not_erase_existing_data(self):
        existing = self.Partner.create(
            {"name": "EHPAD A Casa", "is_company": True, "finess_et": AJACCIO, "phone": "0495000000"}
        )
        self._import()
        self.assertEqual(existing.phone, "0495000000")
        self.assertEqual(existing.name, "EHPAD A CASA")
        self.assertFalse(existing.member_state, "Only new establishments become prospects.")

    def test_national_file_reports_categories_outside_the_sector_without_errors(self):
        """The national extract holds hospitals, pharmacies, laboratories…: they are counted as
        filtered out per category, never as thousands of rejected lines."""
        lines = self.utf8.decode().splitlines()
        header, ehpad = lines[0], lines[1]
        outside = lines[5]
        rows = [header, ehpad]
        for index in range(2500):
            code, label = ("620", "Pharmacie d'Officine") if index % 5 else ("355", "Centre Hospitalier (C.H.)")
            rows.append(
                outside.replace("500005053", f"50{index:07d}").replace("999;Catégorie inconnue", f"{code};{label}")
            )
        wizard = self._import("\n".join(rows).encode())
        self.assertEqual((wizard.created_count, wizard.rejected_count, wizard.skipped_count), (1, 0, 2500))
        self.assertFalse(wizard.line_ids.filtered(lambda line: line.action == "reject"))
        self.assertIn(
            "2500 lines — 620 Pharmacie d'Officine (2000), 355 Centre Hospitalier (C.H.) (500)", wizard.message
        )

    def test_department_filter(self):
        wizard = self._import(department_ids=[self.env.ref("reserve_medicosociale.department_50").id])
        # Line 6 (Manche) is kept by the filter, then left out for its category.
        self.assertEqual((wizard.created_count, wizard.skipped_count, wizard.rejected_count), (2, 5, 5))
        self.assertTrue(self._partner(CHERBOURG) and self._partner(SAINT_LO))
        self.assertFalse(self._partner(NANTES_IME) | self._partner(AJACCIO))

    def test_category_filter(self):
        wizard = self._import(category_ids=[self.env.ref("reserve_medicosociale.finess_category_354").id])
        # Lines that cannot be read are rejected before any filter.
        self.assertEqual((wizard.created_count, wizard.skipped_count, wizard.rejected_count), (1, 8, 3))
        self.assertTrue(self._partner(SAINT_LO))
        self.assertFalse(self._partner(CHERBOURG))

    def test_both_filters(self):
        wizard = self._import(
            department_ids=[self.env.ref("reserve_medicosociale.department_44").id],
            category_ids=[self.env.ref("reserve_medicosociale.finess_category_183").id],
        )
        self.assertEqual(wizard.created_count, 1)
        self.assertTrue(self._partner(NANTES_IME))
        self.assertFalse(self._partner(NANTES_EHPAD))

    def test_latin1_extract(self):
        wizard = self._import(self.latin1, mark_as_prospect=False)
        self.assertEqual((wizard.created_count, wizard.rejected_count), (2, 0))
        ehpad = self._partner(SAINTE_THERESE)
        self.assertRecordValues(
            ehpad,
            [
                {
                    "name": "EHPAD SAINTE-THÉRÈSE DE SAINT-LÔ",
                    "street": "1 RUE DE L'ÉGLISE",
                    "commune_id": self.saint_lo.id,
                    "member_state": False,
                }
            ],
        )
        self.assertAlmostEqual(ehpad.latitude, 49.1120, places=4)
        self.assertEqual(self._partner(BOCAGE).parent_id.finess_ej, EJ_SAINT_LO)

    def test_failing_batch_is_retried_line_by_line(self):
        write_rows = ReserveFinessImport._write_rows

        def failing_write_rows(wizard, rows):
            if any(row.finess_et == SAINT_LO for row in rows):
                raise ValidationError(wizard.env._("Refused for the test."))
            return write_rows(wizard, rows)

        with patch.object(ReserveFinessImport, "_write_rows", failing_write_rows):
            wizard = self._import()
        self.assertEqual((wizard.created_count, wizard.rejected_count), (5, 6))
        self.assertIn("Refused for the test.", self._reasons(wizard, "reject")[3])
        self.assertFalse(self._partner(SAINT_LO))
        self.assertTrue(self._partner(CHERBOURG).parent_id)

    def test_wrong_file_is_reported_not_imported(self):
        wizard = self._import(b"PK\x03\x04\x14\x00\xff\xfe binary\nnom;prenom\n")
        self.assertEqual((wizard.created_count, wizard.rejected_count), (0, 2))
        self.assertIn("no establishment line", wizard.message)
        self.assertIn("unknown type (nom)", self._reasons(wizard, "reject")[2])

    def test_member_manager_cannot_import(self):
        with self.assertRaises(AccessError):
            self.env["reserve.finess.import"].with_user(self.manager).create({"file": base64.b64encode(self.utf8)})
