import re
from types import SimpleNamespace

from odoo import http

CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


class EmailLinkMixin:
    """Opens the one-click links of the e-mails as a logged-out visitor (an HttpCase without
    ``authenticate``: the server gives the visitor a session on the first page, as a browser
    gets it), and presses the button of their page."""

    def press(self, path):
        """Open the link's page (GET), then press its button (POST with the page's CSRF
        token), as a browser does; the final response (after the redirect, if any).

        Where the page has no button (already answered, invalid link) the POST is sent
        anyway, with the visitor's valid CSRF token: a form kept open in another tab.
        """
        page = self.url_open(path)
        match = CSRF_INPUT.search(page.text)
        return self.url_open(path, data={"csrf_token": match.group(1) if match else self.visitor_csrf_token()})

    def visitor_csrf_token(self):
        """A valid CSRF token of the visitor's current session (a visitor's session is not
        stored until it holds something: its id, from the cookie, is what the token signs)."""
        session = SimpleNamespace(sid=self.opener.cookies["session_id"])
        return http.Request.csrf_token(SimpleNamespace(session=session, env=self.env))
