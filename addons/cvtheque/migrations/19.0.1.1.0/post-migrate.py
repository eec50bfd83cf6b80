from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The CVs shared before the shared talent pool existed become its talents."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["cvtheque.cv"].search([("state", "=", "published")])._sync_talent_pool()
