"""An update of the module (``-u``) keeps what an administrator changed in the shipped crons,
e-mails and sequences (their data files are ``noupdate="1"``), and still resets the rest of
the module's data, such as its views."""

from odoo import SUPERUSER_ID, api
from odoo.modules.module import Manifest
from odoo.tests import TransactionCase, tagged
from odoo.tools.convert import convert_file

MODULE = "reserve_medicosociale"

# What an administrator may change, by kind: the records the tests edit.
EDITED_XMLIDS = ("mail_template_need_expired", "mail_body_proposal", "ir_cron_need_escalation", "seq_reserve_need")


def update_module_data(cr):
    """Load the module's data as ``-u`` does: odoo/modules/loading.py ``load_data`` converts
    every file of the manifest's ``data``, in order, with one ``idref``, in ``update`` mode and
    with ``noupdate=False``, as the superuser with an empty context."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    idref = {}
    for filename in Manifest.for_addon(MODULE)["data"]:
        convert_file(env, MODULE, filename, idref, mode="update", noupdate=False)
    env.flush_all()
    env.invalidate_all()


class DataUpgradeCommon(TransactionCase):
    """The administrator edits one record of each kind and a view, then the module is updated
    once; each test checks one record."""

    # True: the external ids of the edited records are not noupdate, as on a database
    # installed before their files were noupdate="1".
    older_database = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin_env = cls.env(user=cls.env.ref("base.user_admin"), context={"lang": "en_US"})
        cls.template = admin_env.ref(f"{MODULE}.mail_template_need_expired")
        cls.proposal_body = admin_env.ref(f"{MODULE}.mail_body_proposal")
        cls.cron = admin_env.ref(f"{MODULE}.ir_cron_need_escalation")
        cls.sequence = admin_env.ref(f"{MODULE}.seq_reserve_need")
        cls.view = admin_env.ref(f"{MODULE}.reserve_sector_view_list")
        cls.shipped_view_arch = cls.view.arch_db
        if cls.older_database:
            cls.env["ir.model.data"].search([("module", "=", MODULE), ("name", "in", EDITED_XMLIDS)]).noupdate = False

        cls.template.write(
            {
                "subject": "{{ object.name }}: nobody was found in time",
                "body_html": "<p>The association's own words about an expired need.</p>",
            }
        )
        cls.proposal_body.arch = cls.proposal_body.arch.replace("Can you come?", "Will you come and help us?")
        cls.cron.write({"interval_number": 30, "interval_type": "minutes"})
        cls.sequence.prefix = "NEED/%(year)s/"
        cls.view.arch = "<list><field name='name'/></list>"

        update_module_data(cls.env.cr)


@tagged("post_install", "-at_install")
class TestDataUpgrade(DataUpgradeCommon):
    def test_edited_mail_template_is_kept(self):
        self.assertEqual(self.template.subject, "{{ object.name }}: nobody was found in time")
        self.assertIn("The association's own words", self.template.body_html)

    def test_edited_proposal_body_is_kept(self):
        self.assertIn("Will you come and help us?", self.proposal_body.arch)
        self.assertNotIn("Can you come?", self.proposal_body.arch)

    def test_edited_cron_interval_is_kept(self):
        self.assertEqual((self.cron.interval_number, self.cron.interval_type), (30, "minutes"))

    def test_edited_sequence_prefix_is_kept(self):
        self.assertEqual(self.sequence.prefix, "NEED/%(year)s/")

    def test_edited_view_is_reset(self):
        # The update did run: a view, which is not the administrator's to change, is the
        # shipped one again.
        self.assertEqual(self.view.arch_db, self.shipped_view_arch)


@tagged("post_install", "-at_install")
class TestDataUpgradeOlderDatabase(TestDataUpgrade):
    """A database installed before the files were noupdate="1" keeps its ir.model.data rows
    at noupdate=False (an update never changes that flag): the update still skips the
    records of a noupdate="1" file that exist (odoo/tools/convert.py ``_tag_record``), so
    the edits are kept without a migration."""

    allow_inherited_tests_method = True  # the same five tests, on the older flags
    older_database = True


@tagged("post_install", "-at_install")
class TestDataFilesNoupdate(TransactionCase):
    def test_shipped_crons_templates_sequences_are_noupdate(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "in", ("ir.cron", "mail.template", "ir.sequence"))]
        )
        self.assertTrue(data)
        self.assertFalse(data.filtered(lambda xmlid: not xmlid.noupdate).mapped("complete_name"))
