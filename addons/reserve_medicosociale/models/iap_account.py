import logging

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class IapAccount(models.Model):
    """The reserve uses no In-App Purchase service (SMS go through the local provider or
    Twilio): an IAP account is never synchronised with iap.odoo.com."""

    _inherit = "iap.account"

    def write(self, vals):
        # Odoo sends the warning threshold and recipients to iap.odoo.com unless told not to.
        return super(IapAccount, self.with_context(disable_iap_update=True)).write(vals)

    def action_buy_credits(self):
        raise UserError(self.env._("The reserve uses no Odoo online service (IAP): there are no credits to buy."))

    def _get_account_information_from_iap(self):
        """Odoo fetches balances from iap.odoo.com each time an account is opened: not here."""
        _logger.info("IAP account information fetch disabled: the reserve never phones home")

    @api.model
    def get_credits(self, service_name):
        """No IAP service is used, so none has credits; Odoo asks iap.odoo.com otherwise."""
        _logger.info("IAP credit check for %s disabled: the reserve never phones home", service_name)
        return 0
