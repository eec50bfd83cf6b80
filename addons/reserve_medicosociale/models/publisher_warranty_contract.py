import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class PublisherWarrantyContract(models.AbstractModel):
    _inherit = "publisher_warranty.contract"

    @api.model
    def update_notification(self, cron_mode=True):
        """Never send the database's figures to Odoo's publisher warranty server.

        ``mail`` posts them weekly to services.odoo.com (its cron, which the reserve also
        archives, and the "Update" of the Apps menu): the reserve never phones home.
        """
        _logger.info("Publisher warranty update notification disabled: the reserve never phones home")
        return True
