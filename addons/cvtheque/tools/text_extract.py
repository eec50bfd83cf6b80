"""Text of a CV document (PDF, DOCX, ODT), found from its content, never its name."""

import io
import logging
import zipfile

from odoo.tools.mimetypes import guess_mimetype

_logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
MIMETYPES = (PDF, DOCX, ODT)
# Longest text kept from one document: a CV is a few pages, not a book.
MAX_TEXT = 200_000


def document_mimetype(data):
    """PDF, DOCX, ODT or None, from the bytes (Odoo's guess, then the ZIP's parts)."""
    mimetype = guess_mimetype(data, default="")
    if mimetype in MIMETYPES:
        return mimetype
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return DOCX
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None


def extract_text(data, mimetype):
    """The text of the document, '' when it yields none (a scan) or cannot be read."""
    try:
        if mimetype == PDF:
            from pdfminer.high_level import extract_text as pdf_text  # noqa: PLC0415

            text = pdf_text(io.BytesIO(data))
        elif mimetype == DOCX:
            import docx2txt  # noqa: PLC0415

            text = docx2txt.process(io.BytesIO(data))
        elif mimetype == ODT:
            from odf import teletype  # noqa: PLC0415
            from odf import text as odf_text  # noqa: PLC0415
            from odf.opendocument import load  # noqa: PLC0415

            document = load(io.BytesIO(data))
            text = "\n".join(
                teletype.extractText(element)
                for kind in (odf_text.H, odf_text.P)
                for element in document.getElementsByType(kind)
            )
        else:
            return ""
    except Exception:  # noqa: BLE001 - a broken file is kept and flagged, never a crash
        _logger.info("No text could be extracted from a %s document", mimetype, exc_info=True)
        return ""
    text = " ".join((text or "").replace("\x00", " ").split())
    return text[:MAX_TEXT]
