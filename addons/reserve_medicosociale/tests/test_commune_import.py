import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open

GROUP_PREFIX = "reserve_medicosociale.reserve_medicosociale_group_"


@tagged("post_install", "-at_install")
class TestCommuneImport(TransactionCase):
    """The import of the national communes file, run by a coordinator on small extracts of
    its two published forms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(cls.env, "t_commune_coordinator", groups=GROUP_PREFIX + "coordinator")
        cls.manager = new_test_user(cls.env, "t_commune_manager", groups=GROUP_PREFIX + "member_manager")
        cls.Commune = cls.env["reserve.commune"].with_context(active_test=False)
        cls.laposte = cls._fixture("communes_laposte.csv")
        cls.communes_france = cls._fixture("communes_france.csv")

    @staticmethod
    def _fixture(name):
        with file_open(f"reserve_medicosociale/tests/fixtures/{name}", "rb") as fixture:
            return fixture.read()

    def _import(self, data, preview=False):
        wizard = (
            self.env["reserve.commune.import"]
            .with_user(self.coordinator)
            .create({"file": base64.b64encode(data), "filename": "communes.csv"})
        )
        wizard.action_preview() if preview else wizard.action_import()
        return wizard

    def _commune(self, insee):
        return self.Commune.search([("insee_code", "=", insee)])

    def _lines(self, wizard, action):
        return {line.insee_code: line.reason or "" for line in wizard.line_ids if line.action == action}

    def test_la_poste_file_creates_updates_and_keeps_the_official_names(self):
        wizard = self._import(self.laposte)
        self.assertEqual(wizard.state, "done")
        # Created: 01001, 2A004, 97411, 13055; updated: Saint-Lô; unchanged: Cherbourg.
        self.assertEqual(
            (wizard.created_count, wizard.updated_count, wizard.unchanged_count),
            (4, 1, 1),
        )
        self.assertEqual((wizard.rejected_count, wizard.skipped_count), (1, 1))
        abergement = self._commune("01001")
        self.assertEqual(abergement.name, "L ABERGEMENT CLEMENCIAT")
        self.assertEqual(abergement.postal_codes, "01400", "The leading zero La Poste drops is restored.")
        self.assertEqual(abergement.department_id.code, "01")
        self.assertAlmostEqual(abergement.latitude, 46.153425, places=6)
        ajaccio = self._commune("2A004")
        self.assertEqual((ajaccio.department_id.code, ajaccio.postal_codes), ("2A", "20000 20090"))
        self.assertEqual(self._commune("97411").department_id.code, "974")
        saint_lo = self._commune("50502")
        self.assertEqual(saint_lo.name, "Saint-Lô", "La Poste's capitals never replace an official name.")
        self.assertAlmostEqual(saint_lo.latitude, 49.115, places=5)
        cherbourg = self._commune("50129")
        self.assertEqual(cherbourg.postal_codes, "50100 50110 50120 50130 50460 50470")

    def test_problems_are_reported_with_their_reason(self):
        wizard = self._import(self.laposte)
        self.assertIn("not an INSEE commune code", self._lines(wizard, "reject")["ABCDE"])
        self.assertIn("département 987", self._lines(wizard, "skip")["98735"])
        self.assertIn("987", wizard.message)
        self.assertFalse(self._commune("98735"))
        marseille = self._lines(wizard, "create")["13055"]
        self.assertIn("no valid coordinates", marseille)
        self.assertIn("La Poste's capitals", marseille)
        self.assertEqual(wizard.line_ids[0].action, "reject", "Rejected lines come first.")

    def test_second_import_changes_nothing(self):
        self._import(self.laposte)
        wizard = self._import(self.laposte)
        self.assertEqual((wizard.created_count, wizard.updated_count), (0, 0))
        self.assertEqual(wizard.unchanged_count, 6)

    def test_official_names_and_coordinates_complete_a_la_poste_import(self):
        self._import(self.laposte)
        wizard = self._import(self.communes_france)
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 2))
        self.assertEqual(self._commune("01001").name, "L'Abergement-Clémenciat")
        marseille = self._commune("13055")
        self.assertEqual(marseille.name, "Marseille")
        self.assertEqual(marseille.postal_codes, "13001 13002 13003")
        self.assertAlmostEqual(marseille.longitude, 5.3806, places=4)
        self.assertEqual(self._commune("69123").department_id.code, "69")

    def test_preview_writes_nothing(self):
        wizard = self._import(self.laposte, preview=True)
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.created_count, 4)
        self.assertIn("nothing was saved", wizard.message)
        self.assertFalse(self._commune("01001"))
        self.assertAlmostEqual(self._commune("50502").latitude, 49.11228, places=5)

    def test_a_file_that_is_not_a_communes_file_is_refused_with_its_columns(self):
        with self.assertRaisesRegex(UserError, "not a communes file.*structureet"):
            self._import(b"structureet;500001011;500012349;EHPAD\n")

    def test_only_coordinators_import(self):
        with self.assertRaises(AccessError):
            self.env["reserve.commune.import"].with_user(self.manager).create(
                {"file": base64.b64encode(self.laposte), "filename": "communes.csv"}
            )
