import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.text_extract import MIMETYPES, document_mimetype, extract_text
from .cvtheque_cv import COORDINATOR_GROUP

DOCUMENT_MAX_SIZE = 5 * 1024 * 1024


class CvthequeCvDocument(models.Model):
    """A document of a CV (PDF, DOCX, ODT) and the text found in it.

    The file is readable by coordinators only as a field: members download it through the
    CV library's route, which logs the download.
    """

    _name = "cvtheque.cv.document"
    _description = "CV document"
    _order = "id"

    cv_id = fields.Many2one("cvtheque.cv", required=True, ondelete="cascade", index=True, readonly=True)
    name = fields.Char(string="File name", required=True, readonly=True)
    file = fields.Binary(attachment=True, readonly=True, groups=COORDINATOR_GROUP)
    mimetype = fields.Selection(
        [(MIMETYPES[0], "PDF"), (MIMETYPES[1], "Word (DOCX)"), (MIMETYPES[2], "OpenDocument (ODT)")],
        string="Type",
        required=True,
        readonly=True,
    )
    file_size = fields.Integer(readonly=True)
    text = fields.Text(string="Extracted text", readonly=True, groups=COORDINATOR_GROUP)
    has_no_text = fields.Boolean(
        string="No text found",
        readonly=True,
        help="No text could be read in this document (a scan, a picture): it is kept, but the search does not see "
        "its content.",
    )

    @api.model
    def _check_file(self, filename, data):
        """The mimetype of an acceptable CV document, found from its content.

        :raise UserError: a file that is empty, too big, or not a PDF, DOCX or ODT
        """
        if not data:
            raise UserError(self.env._("The file “%(name)s” is empty: choose it again.", name=filename or ""))
        if len(data) > DOCUMENT_MAX_SIZE:
            raise UserError(
                self.env._(
                    "The file “%(name)s” is too big (%(size).1f MB): send a CV of %(max)s MB at most.",
                    name=filename,
                    size=len(data) / 1024 / 1024,
                    max=DOCUMENT_MAX_SIZE // 1024 // 1024,
                )
            )
        mimetype = document_mimetype(data)
        if not mimetype:
            raise UserError(
                self.env._(
                    "The file “%(name)s” is not a PDF, Word (DOCX) or OpenDocument (ODT) document: save your CV in "
                    "one of these formats and send it again.",
                    name=filename,
                )
            )
        return mimetype

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("file"):
                raw = base64.b64decode(vals["file"])
                mimetype = self._check_file(vals.get("name"), raw)
                text = extract_text(raw, mimetype)
                vals.update(
                    {"mimetype": mimetype, "file_size": len(raw), "text": text, "has_no_text": not text.strip()}
                )
        return super().create(vals_list)

    def _get_attachment(self):
        """The stored file of this document (read as superuser: callers check access first)."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "=", self.id), ("res_field", "=", "file")], limit=1)
        )

    def action_download(self):
        """Open the download route, which checks access and logs the download."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/cvtheque/document/{self.id}", "target": "self"}
