"""What the one-click links of the e-mails share: a signed token instead of a login.

Opening a link (GET, or HEAD: mail scanners open the links of the e-mails they check) only
shows a page that says what would be done; the page's button POSTs to the same address,
with the same token, and that does it.
"""

from odoo.http import content_disposition, request

# Route options of a one-click link: anyone may follow it, it is never listed in the sitemap.
# The button's CSRF token is checked by email_link_pressed(), not by the route: a page left
# open too long is shown again with a word, instead of a bare "Session expired" error.
EMAIL_LINK_ROUTE = {
    "type": "http",
    "auth": "public",
    "methods": ["GET", "POST"],
    "website": True,
    "sitemap": False,
    "csrf": False,
}
# The calendar file of an assignment, behind the link's token: read only.
EMAIL_LINK_FILE_ROUTE = {**EMAIL_LINK_ROUTE, "methods": ["GET"]}

# HTTP status of the answer page for the results that are not a success (the others: 200).
EMAIL_LINK_ERROR_STATUS = {"invalid": 403, "expired": 410}
# The pages speak of one person and carry their token: never cached, never sent on as a referrer.
EMAIL_LINK_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def email_link_record(model, record_id):
    """The record a link names, or an empty recordset.

    Read as superuser: the signed token of the link is the credential, and the model checks
    it before changing anything.
    """
    return request.env[model].sudo().browse(record_id).exists()


def email_link_pressed():
    """How the visitor came: None when they only opened the link (GET, HEAD), 'pressed' when
    they pressed the page's button (a POST with their session's CSRF token), 'stale' for a
    POST without a valid one (a page kept open for days, cookies refused): the page is shown
    again and nothing is done."""
    if request.httprequest.method != "POST":
        return None
    return "pressed" if request.validate_csrf(request.params.get("csrf_token")) else "stale"


def email_link_done_redirect():
    """After the button, back to the link's own page, which now tells what was done: reloading
    it, or going back to it, answers nothing a second time."""
    return request.redirect(request.httprequest.path, code=303)


def render_email_link_result(template, result, **values):
    """The page of the link: what it would do (``result`` 'confirm', with the button) or what
    was done (``result`` as the model answered)."""
    return request.render(
        template,
        {"result": result, **values},
        status=EMAIL_LINK_ERROR_STATUS.get(result, 200),
        headers=EMAIL_LINK_HEADERS,
    )


def email_link_calendar_file(content, filename):
    """The calendar file (``content``, bytes of an .ics) as a download, or a 404 without one."""
    if not content:
        return request.not_found()
    return request.make_response(
        content,
        headers=[
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", content_disposition(filename)),
            *EMAIL_LINK_HEADERS.items(),
        ],
    )
