from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCommuneSearch(TransactionCase):
    """What people type in a commune field, searched on reserve.commune."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Commune = cls.env["reserve.commune"]
        # Postal codes 50100 50110 50120 50130 50460 50470.
        cls.cherbourg = cls.env.ref("reserve_medicosociale.commune_50129")
        cls.saint_lo = cls.env.ref("reserve_medicosociale.commune_50502")
        department = cls.cherbourg.department_id
        cls.testville, cls.testville_sur_mer = cls.Commune.create(
            [
                {"insee_code": "50998", "name": "Testville", "postal_codes": "50998", "department_id": department.id},
                {
                    "insee_code": "50999",
                    "name": "Testville-sur-Mer",
                    "postal_codes": "50999",
                    "department_id": department.id,
                },
            ]
        )

    def test_postal_code_prefix_finds_the_commune(self):
        for text in ("501", "5010", "50100"):
            with self.subTest(text=text):
                self.assertIn(self.cherbourg, self.Commune._search_typed(text))
        self.assertNotIn(self.saint_lo, self.Commune._search_typed("501"))

    def test_any_of_the_postal_codes_counts(self):
        self.assertEqual(self.Commune._search_typed("50130"), self.cherbourg)
        # 50460 is the fifth code of Cherbourg-en-Cotentin and the second of La Hague; the
        # INSEE codes 50461 to 50469 are not postal codes.
        la_hague = self.env.ref("reserve_medicosociale.commune_50041")
        self.assertEqual(self.Commune._search_typed("5046"), la_hague | self.cherbourg)

    def test_digits_inside_a_postal_code_are_not_a_prefix(self):
        self.assertFalse(self.Commune._search_typed("0130"))
        self.assertNotIn(self.cherbourg, self.Commune._search_typed("0100"))

    def test_part_of_the_name_finds_the_commune(self):
        self.assertIn(self.cherbourg, self.Commune._search_typed("cherbourg"))
        self.assertIn(self.saint_lo, self.Commune._search_typed("Saint-Lô"))

    def test_display_name_finds_the_commune(self):
        self.assertEqual(self.Commune._search_typed(self.cherbourg.display_name), self.cherbourg)
        self.assertEqual(self.Commune._search_typed("Cherbourg-en-Cotentin (50130)"), self.cherbourg)

    def test_fewer_than_two_characters_find_nothing(self):
        self.assertFalse(self.Commune._search_typed("5"))
        self.assertFalse(self.Commune._search_typed(" "))

    def test_typed_text_names_the_only_match_or_the_exact_name(self):
        self.assertEqual(self.Commune._pick_typed("50130")[0], self.cherbourg)
        commune, matches = self.Commune._pick_typed("testville")
        self.assertEqual(matches, self.testville | self.testville_sur_mer)
        self.assertEqual(commune, self.testville)

    def test_several_matches_without_an_exact_name_name_none(self):
        commune, matches = self.Commune._pick_typed("Testvil")
        self.assertFalse(commune)
        self.assertEqual(matches, self.testville | self.testville_sur_mer)

    def test_wildcards_are_typed_text(self):
        self.assertFalse(self.Commune._pick_typed("Testvill_")[0])
