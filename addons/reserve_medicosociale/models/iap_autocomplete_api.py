import logging

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class IapAutocompleteApi(models.AbstractModel):
    """``partner_autocomplete`` (installed with ``mail``) looks companies up on
    partner-autocomplete.odoo.com: the reserve never does. Establishments are found by
    their FINESS and SIRET numbers, from the data it ships."""

    _inherit = "iap.autocomplete.api"

    @api.model
    def _contact_iap(self, local_endpoint, action, params, timeout=15):
        _logger.info("Partner autocomplete %s disabled: the reserve never phones home", action)
        raise UserError(self._disabled_message())

    @api.model
    def _request_partner_autocomplete(self, action, params, timeout=15):
        """No result and the reason, as Odoo returns when the service cannot be reached,
        without trying to reach it."""
        _logger.info("Partner autocomplete %s disabled: the reserve never phones home", action)
        return False, self._disabled_message()

    @api.model
    def _disabled_message(self):
        return self.env._("Company autocompletion is disabled: the reserve never calls Odoo's online services.")
