"""What the one-click links of the e-mails share: a signed token instead of a login."""

from odoo.http import request

# Route options of a one-click link: anyone may follow it, it is never listed in the sitemap.
EMAIL_LINK_ROUTE = {"type": "http", "auth": "public", "methods": ["GET"], "website": True, "sitemap": False}

# HTTP status of the answer page for the results that are not a success (the others: 200).
EMAIL_LINK_ERROR_STATUS = {"invalid": 403, "expired": 410}


def email_link_record(model, record_id):
    """The record a link names, or an empty recordset.

    Read as superuser: the signed token of the link is the credential, and the model checks
    it before changing anything.
    """
    return request.env[model].sudo().browse(record_id).exists()


def render_email_link_result(template, result, **values):
    """The page that tells what following the link did (``result``, as the model answered)."""
    return request.render(template, {"result": result, **values}, status=EMAIL_LINK_ERROR_STATUS.get(result, 200))
