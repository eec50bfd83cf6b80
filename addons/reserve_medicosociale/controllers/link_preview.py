from odoo import http
from odoo.http import request

from odoo.addons.html_editor.controllers.main import HTML_Editor


class ReserveHtmlEditor(HTML_Editor):
    @http.route()
    def link_preview_metadata(self, preview_url):
        """The editor's preview of a pasted external link fetches that page from the server
        (for anyone, even not logged in): only when the reserve's link previews are on."""
        if not request.env["mail.link.preview"]._reserve_link_previews_allowed():
            return False
        return super().link_preview_metadata(preview_url)
