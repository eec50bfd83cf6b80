"""What the suite's controllers answer for a record in the URL or a file they send."""

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def readable_or_404(model, record_id):
    """The record ``record_id`` of ``model`` if the current user may read it; Not Found
    otherwise, whether it exists or not (a page never says that a record exists)."""
    record = request.env[model].browse(record_id)
    try:
        record.check_access("read")
    except (AccessError, MissingError):
        raise NotFound() from None
    return record


def xlsx_response(content, filename):
    """The HTTP response that downloads the spreadsheet ``content`` as ``filename``."""
    return request.make_response(
        content,
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
        ],
    )
