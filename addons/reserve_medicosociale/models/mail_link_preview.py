from odoo import api, models
from odoo.tools import str2bool

LINK_PREVIEWS_PARAM = "reserve_medicosociale.link_previews"


class MailLinkPreview(models.Model):
    _inherit = "mail.link.preview"

    @api.model
    def _reserve_link_previews_allowed(self):
        """Whether an administrator let the server fetch the pages whose links are pasted
        in the chatter, Discuss or the editor (off by default: the reserve never calls out)."""
        return str2bool(self.env["ir.config_parameter"].sudo().get_param(LINK_PREVIEWS_PARAM) or "False", False)

    @api.model
    def _is_link_preview_enabled(self):
        # Odoo asks this before fetching (/mail/link_preview) and tells the web client with
        # it whether to ask for previews at all (Store's hasLinkPreviewFeature).
        return self._reserve_link_previews_allowed() and super()._is_link_preview_enabled()

    @api.model
    def _create_from_message_and_notify(self, message, request_url=None):
        # Whoever calls it (a route, an override of another addon), nothing is fetched when off.
        if not self._reserve_link_previews_allowed():
            return None
        return super()._create_from_message_and_notify(message, request_url=request_url)

    @api.model
    def _search_or_create_from_url(self, url):
        if not self._reserve_link_previews_allowed():
            return self.browse()
        return super()._search_or_create_from_url(url)
