import io

import openpyxl
from pdfminer.high_level import extract_text

from odoo.tests import tagged
from odoo.tools.pdf import PdfReader

from odoo.addons.formation_mutualisee.controllers.export import build_opco_xlsx

from .common import FormationCommon


def _flat(text):
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@tagged("post_install", "-at_install")
class TestReports(FormationCommon):
    """The sign-in sheet, the certificate and the statement as real French PDFs; the
    statement and the OPCO file as XLSX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.open_session.with_user(cls.manager).action_book(cls.employees[:2].ids, cls.member.id)
        cls.open_session.with_user(cls.other_manager).action_book(cls.other_employees[:1].ids, cls.other_member.id)
        cls.open_session.action_confirm_session()
        cls.open_session.attendance_ids.with_user(cls.trainer).action_mark("present")
        cls.open_session.action_done()
        cls.open_session.action_compute_cost_shares()
        cls.registration = cls.open_session.registration_ids.filtered(lambda r: r.person_id == cls.employee)
        cls.statement = cls.env["formation.cost.statement"].create(
            {"member_id": cls.member.id, "date_from": cls.day, "date_to": cls.day}
        )

    def _pdf_text(self, xmlid, record):
        with self.allow_pdf_render():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(xmlid, record.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        return pages, _flat(extract_text(io.BytesIO(pdf)))

    def test_sign_in_sheet_has_one_line_per_attendee_per_half_day(self):
        pages, text = self._pdf_text("formation_mutualisee.action_report_sign_in_sheet", self.open_session)
        self.assertEqual(pages, 2, "one page per half-day")
        self.assertEqual(text.count("Feuille d'émargement"), 2)
        for name in ("Salariée Prêtée", "Salarié Deux", "Salarié Autre Membre"):
            self.assertEqual(text.count(name), 2, name)
        self.assertIn("EHPAD Test Les Pins", text)
        self.assertIn("28500123450", text)
        self.assertLess(text.index("Matin (09:00–12:30)"), text.index("Après-midi (13:30–17:00)"), "morning first")

    def test_certificate_states_the_training_and_hours(self):
        _pages, text = self._pdf_text("formation_mutualisee.action_report_certificate", self.registration)
        self.assertIn("Attestation de fin de formation", text)
        self.assertIn("Salariée Prêtée", text)
        self.assertIn("AFGSU 2 test", text)
        self.assertIn("07:00 heures", text)
        self.assertIn("assiduité 100 %", text)
        self.assertIn("28500123450", text)
        self.assertIn("valable 48 mois", text)

    def test_cost_statement_pdf_and_xlsx(self):
        _pages, text = self._pdf_text("formation_mutualisee.action_report_cost_statement", self.statement)
        self.assertIn("Relevé des coûts de formations mutualisées", text)
        self.assertIn("EHPAD Test Les Pins", text)
        self.assertIn("666,67", text)
        sheet = openpyxl.load_workbook(io.BytesIO(self.statement._build_xlsx())).worksheets[0]
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        self.assertEqual(rows[1][1], "EHPAD Test Les Pins")
        self.assertEqual(rows[-2][3], 2)
        self.assertEqual(rows[-1][5:7], ("Total", 666.67))

    def test_opco_export_lists_attendees_hours_and_costs(self):
        sheet = openpyxl.load_workbook(io.BytesIO(build_opco_xlsx(self.open_session))).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][7], "Stagiaire")
        lines = {row[7]: row for row in rows[1:]}
        self.assertEqual(set(lines), {"Salariée Prêtée", "Salarié Deux", "Salarié Autre Membre"})
        self.assertEqual(lines["Salarié Deux"][10:14], (7, 7, "oui", 333.33))
        self.assertEqual(lines["Salarié Autre Membre"][13], 333.33)
        self.assertEqual(lines["Salarié Deux"][3], "OPCO Santé (ex-Unifaf)")
