from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CvthequeCommon


@tagged("post_install", "-at_install")
class TestCvAccess(CvthequeCommon):
    """Who reads which CV, by search, by id and by the full-text search (RPC's methods)."""

    def _visible(self, user):
        Cv = self.Cv.with_user(user)
        return Cv.search([]), {row["id"] for row in Cv.search_fulltext("")}

    def test_all_members_visibility(self):
        for manager in (self.manager, self.other_manager):
            found, fulltext = self._visible(manager)
            self.assertIn(self.cv_portal, found)
            self.assertIn(self.cv_portal.id, fulltext)
            self.cv_portal.with_user(manager).read(["name", "summary"])

    def test_selected_members_visibility(self):
        found, fulltext = self._visible(self.manager)
        self.assertIn(self.cv_selected, found)
        self.assertIn(self.cv_selected.id, fulltext)
        found, fulltext = self._visible(self.other_manager)
        self.assertNotIn(self.cv_selected, found)
        self.assertNotIn(self.cv_selected.id, fulltext)
        with self.assertRaises(AccessError):
            self.cv_selected.with_user(self.other_manager).read(["name"])
        documents, _errors = self.cv_selected._add_documents([("cv.pdf", self.pdf("Infirmier"))])
        with self.assertRaises(AccessError):
            documents.with_user(self.other_manager).check_access("read")
        documents.with_user(self.manager).check_access("read")

    def test_association_only_visibility(self):
        for manager in (self.manager, self.other_manager):
            found, fulltext = self._visible(manager)
            self.assertNotIn(self.cv_association, found)
            self.assertNotIn(self.cv_association.id, fulltext)
            with self.assertRaises(AccessError):
                self.cv_association.with_user(manager).read(["name"])
        found, fulltext = self._visible(self.coordinator)
        self.assertIn(self.cv_association, found)
        self.assertIn(self.cv_association.id, fulltext)

    def test_authority_sees_no_cv(self):
        with self.assertRaises(AccessError):
            self.Cv.with_user(self.authority).search([])
        with self.assertRaises(AccessError):
            self.Cv.with_user(self.authority).search_fulltext("")

    def test_person_sees_only_own_cv(self):
        self.assertEqual(self.Cv.with_user(self.portal_user).search([]), self.cv_portal)
        self.assertFalse(self.Cv.with_user(self.other_portal_user).search([]))
        with self.assertRaises(AccessError):
            self.cv_portal.with_user(self.other_portal_user).read(["name"])

    def test_consent_withdrawal_hides_at_once(self):
        self.cv_portal.with_user(self.portal_user).action_withdraw_consent()
        self.assertEqual(self.cv_portal.state, "withdrawn")
        for manager in (self.manager, self.other_manager):
            found, fulltext = self._visible(manager)
            self.assertNotIn(self.cv_portal, found)
            self.assertNotIn(self.cv_portal.id, fulltext)
            with self.assertRaises(AccessError):
                self.cv_portal.with_user(manager).read(["name"])
        self.assertEqual(self.cv_portal.consent_ids.mapped("kind"), ["withdrawn", "given"])

    def test_other_person_cannot_withdraw(self):
        with self.assertRaises(AccessError):
            self.cv_portal.with_user(self.other_portal_user).action_withdraw_consent()

    def test_consent_is_not_rewritten(self):
        consent = self.cv_portal.consent_ids
        with self.assertRaises(AccessError):
            consent.with_user(self.coordinator).write({"text": "Autre texte"})
        with self.assertRaises(AccessError):
            consent.with_user(self.coordinator).unlink()
        for user in (self.coordinator, self.portal_user):
            with self.assertRaises(AccessError):
                self.cv_portal.with_user(user).write({"consent_date": "2020-01-01 00:00:00"})
        self.assertTrue(consent.version)
        self.assertIn("withdraw", consent.text)

    def test_person_writes_only_their_fields(self):
        cv = self.cv_portal.with_user(self.portal_user)
        cv.write({"summary": "Disponible de nuit.", "visibility": "selected", "member_ids": [(6, 0, self.member.ids)]})
        self.assertEqual(self.cv_portal.visibility, "selected")
        for vals in (
            {"partner_id": self.other_portal_user.partner_id.id},
            {"user_id": self.other_portal_user.id},
            {"state": "published"},
        ):
            with self.assertRaises(AccessError):
                cv.write(vals)
        with self.assertRaises(AccessError):
            self.Cv.with_user(self.portal_user).create({"name": "x", "partner_id": self.portal_user.partner_id.id})

    def test_member_manager_cannot_write_cv(self):
        with self.assertRaises(AccessError):
            self.cv_portal.with_user(self.manager).write({"summary": "changé"})

    def test_portal_create_takes_profile(self):
        self.cv_portal.sudo().unlink()
        self.portal_person.write({"contract_type_ids": [(6, 0, self.contract_fixed_term.ids)]})
        cv, errors = self.Cv.with_user(self.portal_user)._portal_create({"name": "Aide-soignante"})
        self.assertFalse(errors)
        self.assertEqual(cv.person_id, self.portal_person)
        self.assertEqual(cv.job_ids, self.portal_person.job_ids)
        self.assertEqual(cv.commune_id, self.portal_person.commune_id)
        self.assertEqual(cv.contract_type_ids, self.contract_fixed_term)
        self.assertEqual(cv.sudo().consent_ids.kind, "given")
        with self.assertRaises(AccessError):
            self.Cv.with_user(self.portal_user)._portal_create({"name": "x", "user_id": self.other_portal_user.id})
