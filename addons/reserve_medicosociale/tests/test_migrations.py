"""The migration scripts of the module, run as Odoo runs them on an update from the version
before theirs (odoo/modules/migration.py: ``migrate(cr, installed_version)``)."""

from odoo.tests import tagged

from .common import run_migration
from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestMigration1_1(ProposalCommon):
    def test_needs_nobody_accepted_lose_their_zero_hours_to_fill(self):
        filled = self.need
        filled._send_proposals(self.portal_person)._accept()
        waiting = self._create_need()
        self.env.flush_all()
        # As 19.0.1.0.0 stored them: 0 hours for the need nobody accepted.
        self.env.cr.execute("UPDATE reserve_need SET fill_hours = 0 WHERE id = %s", [waiting.id])
        self.env.cr.execute("UPDATE reserve_need SET fill_hours = 2.5 WHERE id = %s", [filled.id])
        run_migration(self.env.cr, "reserve_medicosociale", "19.0.1.1.0", "post-migrate.py", "19.0.1.0.0")
        self.env.cr.execute("SELECT id, fill_hours FROM reserve_need WHERE id IN %s", [(waiting.id, filled.id)])
        self.assertEqual(dict(self.env.cr.fetchall()), {waiting.id: None, filled.id: 2.5})

    def test_a_new_install_runs_nothing(self):
        waiting = self._create_need()
        self.env.flush_all()
        self.env.cr.execute("UPDATE reserve_need SET fill_hours = 0 WHERE id = %s", [waiting.id])
        run_migration(self.env.cr, "reserve_medicosociale", "19.0.1.1.0", "post-migrate.py", None)
        self.env.cr.execute("SELECT fill_hours FROM reserve_need WHERE id = %s", [waiting.id])
        self.assertEqual(self.env.cr.fetchone()[0], 0)
