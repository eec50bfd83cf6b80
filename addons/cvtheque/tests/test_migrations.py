"""The migration scripts of the module, run as Odoo runs them on an update from the version
before theirs (odoo/modules/migration.py: ``migrate(cr, installed_version)``)."""

from odoo.tests import tagged

from odoo.addons.reserve_medicosociale.tests.common import run_migration

from .test_talent_pool import TalentPoolCommon


@tagged("post_install", "-at_install")
class TestMigration1_1(TalentPoolCommon):
    def _pool_cv_ids(self):
        return set(self.Applicant.search([("talent_pool_ids", "in", self.pool.ids)]).mapped("cv_id").ids)

    def test_cvs_shared_before_the_pool_become_its_talents(self):
        # As 19.0.1.0.0 left them: shared CVs, no talent pool.
        self.Applicant.search([("cv_id", "!=", False)]).unlink()
        self.assertFalse(self._pool_cv_ids() & {self.cv_portal.id, self.cv_selected.id})
        run_migration(self.env.cr, "cvtheque", "19.0.1.1.0", "post-migrate.py", "19.0.1.0.0")
        cv_ids = self._pool_cv_ids()
        self.assertIn(self.cv_portal.id, cv_ids)
        self.assertIn(self.cv_selected.id, cv_ids)
        self.assertNotIn(self.cv_association.id, cv_ids)
        # Only the members the CV was shared with read its talent.
        talent = self._talent(self.cv_selected)
        self.assertIn(talent, self._pool_talents_as(self.manager))
        self.assertNotIn(talent, self._pool_talents_as(self.other_manager))

    def test_running_it_again_adds_no_second_talent(self):
        run_migration(self.env.cr, "cvtheque", "19.0.1.1.0", "post-migrate.py", "19.0.1.0.0")
        run_migration(self.env.cr, "cvtheque", "19.0.1.1.0", "post-migrate.py", "19.0.1.0.0")
        self.assertEqual(len(self._talent(self.cv_portal)), 1)
        self.assertEqual(len(self._talent(self.cv_selected)), 1)
