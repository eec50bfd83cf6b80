from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools.demo_files import make_image_pdf
from .common import CvthequeCommon


@tagged("post_install", "-at_install")
class TestCvDocuments(CvthequeCommon):
    """Documents checked by content, their text extracted, the bad ones refused one by one."""

    def test_pdf_and_docx_text_is_extracted(self):
        documents, errors = self.cv_association._add_documents(
            [
                ("cv.pdf", self.pdf("Éducateur spécialisé en foyer de vie", "Permis B")),
                ("cv.docx", self.docx("Expérience en internat éducatif", "Accompagnement de jeunes")),
            ]
        )
        self.assertFalse(errors)
        self.assertEqual(len(documents), 2)
        pdf, docx = documents
        self.assertEqual(pdf.mimetype, "application/pdf")
        self.assertIn("foyer de vie", pdf.text)
        self.assertIn("internat éducatif", docx.text)
        self.assertFalse(pdf.has_no_text or docx.has_no_text)
        self.assertIn("internat", self.cv_association.search_body)

    def test_odt_text_is_extracted(self):
        import io  # noqa: PLC0415

        from odf.opendocument import OpenDocumentText  # noqa: PLC0415
        from odf.text import P  # noqa: PLC0415

        document = OpenDocumentText()
        document.text.addElement(P(text="Maîtresse de maison en MAS"))
        buffer = io.BytesIO()
        document.write(buffer)
        documents, errors = self.cv_association._add_documents([("cv.odt", buffer.getvalue())])
        self.assertFalse(errors)
        self.assertIn("Maîtresse de maison", documents.text)

    def test_bad_file_refused_good_file_kept(self):
        documents, errors = self.cv_association._add_documents(
            [
                ("virus.pdf", b"MZ\x90\x00 this is an executable renamed"),
                ("cv.pdf", self.pdf("Surveillant de nuit qualifié")),
                ("vide.docx", b""),
            ]
        )
        self.assertEqual(len(documents), 1)
        self.assertEqual(documents.name, "cv.pdf")
        self.assertEqual(len(errors), 2)
        self.assertIn("virus.pdf", errors[0])
        self.assertIn("PDF", errors[0])
        self.assertIn("vide.docx", errors[1])

    def test_too_big_file_refused(self):
        with self.assertRaises(UserError):
            self.env["cvtheque.cv.document"]._check_file("gros.pdf", b"%PDF-1.4" + b"0" * (6 * 1024 * 1024))

    def test_file_without_text_is_kept_and_flagged(self):
        documents, errors = self.cv_association._add_documents([("scan.pdf", make_image_pdf())])
        self.assertFalse(errors)
        self.assertTrue(documents.has_no_text)
        self.assertTrue(self.cv_association.has_text_less_document)

    def test_member_cannot_read_file_field(self):
        documents, _errors = self.cv_portal._add_documents([("cv.pdf", self.pdf("Aide-soignante"))])
        from odoo.exceptions import AccessError  # noqa: PLC0415

        with self.assertRaises(AccessError):
            documents.with_user(self.manager).read(["file"])
        with self.assertRaises(AccessError):
            documents.with_user(self.manager).read(["text"])
