from odoo.tests import tagged

from .common import CvthequeCommon


@tagged("post_install", "-at_install")
class TestCvSearch(CvthequeCommon):
    """French full-text search: stemming, accents, ranking, extract, filters."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cv_aides = cls._create_cv(
            "Agent polyvalent",
            visibility="all",
            summary="Travail en équipe avec des aides-soignants et des infirmières en EHPAD.",
        )
        cls.cv_educ = cls._create_cv(
            "Éducateur Spécialisé", visibility="all", summary="Accompagnement d'adolescents en MECS."
        )
        cls.cv_night_nurse = cls._create_cv(
            "Infirmière de nuit",
            visibility="all",
            summary="Infirmière diplômée d'État, postes de nuit en EHPAD depuis six ans.",
        )
        cls.cv_day_nurse = cls._create_cv(
            "Infirmière",
            visibility="all",
            summary="Infirmière en service de jour. Disponible la nuit en dépannage, rarement.",
            contract_type_ids=[(6, 0, cls.env.ref("reserve_medicosociale.contract_type_fixed_term").ids)],
        )
        cls.env.flush_all()

    def _ids(self, text, user=None, **filters):
        """The ids found among this test's CVs, best first (the demo data may add others)."""
        ours = set(
            (
                self.cv_aides
                | self.cv_educ
                | self.cv_night_nurse
                | self.cv_day_nurse
                | self.cv_portal
                | self.cv_selected
                | self.cv_association
            ).ids
        )
        rows = self.Cv.with_user(user or self.manager).search_fulltext(text, limit=500, **filters)
        return [row["id"] for row in rows if row["id"] in ours]

    def test_stemming_plural_and_hyphen(self):
        self.assertIn(self.cv_aides.id, self._ids("aide soignante"))

    def test_accents_ignored(self):
        self.assertIn(self.cv_educ.id, self._ids("educateur"))
        self.assertIn(self.cv_educ.id, self._ids("ÉDUCATEUR spécialisé"))

    def test_night_nurse_ranks_first(self):
        ids = self._ids("infirmiere de nuit")
        self.assertEqual(ids[0], self.cv_night_nurse.id)
        self.assertIn(self.cv_day_nurse.id, ids)

    def test_headline_highlights(self):
        rows = self.Cv.with_user(self.manager).search_fulltext("nuit")
        headline = next(row["headline"] for row in rows if row["id"] == self.cv_night_nurse.id)
        self.assertIn("<mark>nuit</mark>", headline)

    def test_filters(self):
        fixed_term = self.env.ref("reserve_medicosociale.contract_type_fixed_term")
        self.assertEqual(self._ids("infirmiere", contract_type_ids=fixed_term.ids), [self.cv_day_nurse.id])
        self.cv_night_nurse.sudo().write({"job_ids": [(6, 0, self.job_nurse.ids)], "available_date": "2027-03-01"})
        self.assertEqual(self._ids("infirmiere", job_ids=self.job_nurse.ids), [self.cv_night_nurse.id])
        self.assertNotIn(self.cv_night_nurse.id, self._ids("infirmiere", available_by="2027-02-01"))
        self.assertIn(self.cv_night_nurse.id, self._ids("infirmiere", available_by="2027-03-15"))

    def test_commune_radius(self):
        saint_lo = self.env.ref("reserve_medicosociale.commune_50502")
        self.assertIn(
            self.cv_night_nurse.id, self._ids("infirmiere", commune_id=self.commune_cherbourg.id, radius_km=5)
        )
        self.assertNotIn(self.cv_night_nurse.id, self._ids("infirmiere", commune_id=saint_lo.id, radius_km=20))
        self.assertIn(self.cv_night_nurse.id, self._ids("infirmiere", commune_id=saint_lo.id, radius_km=90))

    def test_document_text_searched(self):
        self.cv_educ._add_documents([("cv.pdf", self.pdf("Titulaire du permis poids lourd et du CACES"))])
        self.env.flush_all()
        self.assertEqual(self._ids("caces"), [self.cv_educ.id])

    def test_search_query_count(self):
        Cv = self.Cv.with_user(self.manager)
        Cv.search_fulltext("infirmiere", job_ids=self.job_nurse.ids)
        with self.assertQueryCount(3):
            Cv.search_fulltext("infirmiere de nuit", contract_type_ids=[1])

    def test_saved_search_wizard(self):
        wizard = self.env["cvtheque.search"].with_user(self.manager).create({"text": "infirmière de nuit"})
        wizard.action_search()
        self.assertIn(self.cv_night_nurse, wizard.line_ids.cv_id)
        self.assertIn("<mark>", wizard.line_ids[0].headline)
        action = wizard.action_save()
        saved = self.env["cvtheque.saved.search"].browse(action["res_id"])
        self.assertEqual(saved.user_id, self.manager)
