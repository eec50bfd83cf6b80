import html as html_lib
import io
import re

import babel.dates

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.pdf import PdfReader

from .common import SIGNATURE, LoanCommon

CONVENTION = "reserve_loan.action_report_loan_convention"
AVENANT = "reserve_loan.action_report_loan_avenant"
FRAMEWORK = "reserve_loan.action_report_loan_framework"


def _flat(text):
    """Whitespace-insensitive text: PDF and HTML both cut lines anywhere."""
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@tagged("post_install", "-at_install")
class TestLoanReports(LoanCommon):
    """The convention (or annex), the amendment and the framework agreement as French PDF documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.lender.write({"siret": "50000001300028", "street": "2 rue des Pins", "zip": "50100", "city": "Cherbourg"})
        cls.borrower.write({"siret": "44000003200019", "street": "1 rue des Chênes", "zip": "44000", "city": "Nantes"})
        line = cls.env["reserve.person.qualification"].create(
            {"person_id": cls.lent.id, "qualification_id": cls.qualification_deas.id, "date_obtained": "2019-06-30"}
        )
        line.with_user(cls.coordinator).action_verify()
        cls.refused_line = cls.env["reserve.person.qualification"].create(
            {"person_id": cls.lent.id, "qualification_id": cls.qualification_afgsu_2.id}
        )

    # ------------------------------------------------------------------ helpers

    def _markup(self, xmlid, record, user=None):
        """The HTML Odoo renders (what wkhtmltopdf prints), as ``user`` when given."""
        reports = self.env["ir.actions.report"]
        if user:
            reports = reports.with_user(user)
        html, kind = reports._render_qweb_html(xmlid, record.ids)
        self.assertEqual(kind, "html")
        return _flat(html_lib.unescape(html.decode()))

    def _html(self, xmlid, record, user=None):
        """The text of the HTML render, without its tags."""
        return _flat(re.sub(r"<[^>]+>", " ", self._markup(xmlid, record, user=user)))

    def _pdf(self, xmlid, record):
        """A real PDF through wkhtmltopdf (one record per call), and its text."""
        # wkhtmltopdf fetches the report's styles from the server: let it in, or it waits forever.
        with self.allow_pdf_render():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(xmlid, record.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf, self._pdf_text(pdf)

    def _pdf_text(self, pdf):
        reader = PdfReader(io.BytesIO(pdf))
        self.assertGreaterEqual(len(reader.pages), 1)
        return _flat(" ".join(page.extract_text() for page in reader.pages))

    def _french_date(self, value):
        return babel.dates.format_date(value, "d MMMM y", locale="fr_FR")

    def _signed_framework(self, **values):
        framework = self.env["reserve.loan.framework"].create(
            {
                "lender_id": self.lender.id,
                "borrower_id": self.borrower.id,
                "notes": "<p>Le salarié prêté dispose d'un badge d'accès fourni par l'entreprise utilisatrice.</p>",
                **values,
            }
        )
        framework.action_send_for_signature()
        framework.with_user(self.lender_manager)._sign_as_employer(
            "lender", "Directrice Prêteuse", SIGNATURE, "10.0.0.1"
        )
        framework.with_user(self.borrower_manager)._sign_as_employer(
            "borrower", "Directeur Emprunteur", SIGNATURE, "10.0.0.2"
        )
        self.assertEqual(framework.state, "signed")
        return framework

    # ------------------------------------------------------------------ convention

    def test_convention_draft(self):
        loan = self._create_loan(expenses_description="Indemnités kilométriques au barème fiscal.")
        html = self._html(CONVENTION, loan)
        self.assertIn("Convention de mise à disposition de personnel", html)
        for text in (
            loan.name,
            "Camille Prêtée",
            "EHPAD Test Les Pins",
            "EHPAD Test Les Chênes",
            "SIRET : 50000001300028",
            "SIRET : 44000003200019",
            "FINESS établissement : 500000021",
            "Organisme gestionnaire : Association Test du Cotentin",
            "2 rue des Pins, 50100 Cherbourg",
            "Article 1 – Objet",
            "Article 3 – Durée",
            "Article 7 – Conditions de travail",
            "Article 8 – Refacturation à prix coûtant",
            "Article 9 – Retour du salarié",
            "Article 10 – Résiliation",
            "but non lucratif",
            "L8241-1",
            "santé et à la sécurité au travail",
            "Indemnités kilométriques au barème fiscal.",
            loan.place,
            loan.working_hours,
            self._french_date(loan.date_start),
            self._french_date(loan.date_end),
        ):
            self.assertIn(text, html)
        # The job with its ROME code, the verified qualification only.
        self.assertIn(self.job_care_assistant.name, html)
        if self.job_care_assistant.rome_code:
            self.assertIn(f"code ROME {self.job_care_assistant.rome_code}", html)
        self.assertIn(self.qualification_deas.display_name, html)
        self.assertNotIn(self.qualification_afgsu_2.display_name, html)
        # The cost basis in French formats: 14,50 gross, 42 % charges, 20,59 re-invoiced, in the currency.
        self.assertIn("Salaire horaire brut du salarié 14,50", _flat(html.replace(loan.currency_id.symbol, "")))
        self.assertIn("Taux des charges sociales patronales 42,00 %", html)
        self.assertIn("Taux horaire refacturé 20,59", _flat(html.replace(loan.currency_id.symbol, "")))
        self.assertIn(loan.currency_id.symbol, html)
        # Nobody signed: two empty signature boxes.
        self.assertNotIn("Signé électroniquement", html)
        self.assertEqual(self._markup(CONVENTION, loan).count(">Signature</div>"), 2)

        pdf, text = self._pdf(CONVENTION, loan)
        for name in ("Camille Prêtée", "EHPAD Test Les Pins", "EHPAD Test Les Chênes"):
            self.assertIn(name, text)
        self.assertIn("Convention de mise à disposition", text)

    def test_avenant_draft(self):
        loan = self._create_loan()
        html = self._html(AVENANT, loan)
        for text in (
            "Avenant au contrat de travail",
            "Camille Prêtée",
            "EHPAD Test Les Pins",
            "EHPAD Test Les Chênes",
            "Travail confié : Soins d'hygiène et de confort des résidents.",
            "Lieu d'exécution du travail : EHPAD Test Les Chênes, 1 rue des Chênes, Nantes",
            "Horaires de travail : 7:00-14:30 du lundi au vendredi",
            "35,00 heures",
            "n'est ni rompu ni suspendu",
            "aucune sanction, aucun licenciement",
            "retrouve son poste de travail",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Signé électroniquement", html)
        pdf, text = self._pdf(AVENANT, loan)
        for name in ("Camille Prêtée", "EHPAD Test Les Pins", "EHPAD Test Les Chênes"):
            self.assertIn(name, text)

    def test_signed_loan_documents_attached(self):
        loan = self._create_loan()
        self._sign_all(loan)
        self.assertEqual(loan.state, "signed")
        self.assertTrue(loan.documents_pending, "printed out of the signing request")
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", loan._name), ("res_id", "=", loan.id)]))
        with self.allow_pdf_render():
            printed = loan.with_context(force_report_rendering=True)._cron_attach_documents()
        self.assertIn(loan, printed)
        self.assertFalse(loan.documents_pending)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", loan._name), ("res_id", "=", loan.id)], order="id"
        )
        self.assertEqual(len(attachments), 2)
        for attachment in attachments:
            self.assertEqual(attachment.mimetype, "application/pdf")
            self.assertTrue(attachment.name.endswith(".pdf"))
            self.assertTrue(attachment.raw.startswith(b"%PDF"))
        convention_text = self._pdf_text(attachments[0].raw)
        avenant_text = self._pdf_text(attachments[1].raw)
        for name in ("Camille Prêtée", "EHPAD Test Les Pins", "EHPAD Test Les Chênes"):
            self.assertIn(name, convention_text)
            self.assertIn(name, avenant_text)
        # The convention carries both employers' signatures, the amendment the employee's.
        self.assertIn("Directrice Prêteuse", convention_text)
        self.assertIn("Directeur Emprunteur", convention_text)
        self.assertEqual(convention_text.count("Signé électroniquement"), 2)
        self.assertIn("Avenant au contrat de travail", avenant_text)
        self.assertIn("Signé électroniquement", avenant_text)
        self.assertIn("depuis l'adresse 127.0.0.1", avenant_text)

        self.assertIn("data:image/png;base64,", self._markup(AVENANT, loan))
        html = self._html(AVENANT, loan)
        self.assertIn("Nom du signataire : Camille Prêtée", html)
        signed_on = self._french_date(
            fields.Datetime.context_timestamp(loan.with_context(tz="Europe/Paris"), loan.employee_signed_on)
        )
        self.assertIn(f"Signé électroniquement le {signed_on} à ", html)
        self.assertIn("(heure de Paris) depuis l'adresse 127.0.0.1", html)

    def test_attached_documents_in_test_mode(self):
        """Without wkhtmltopdf (test mode), the documents are kept as what Odoo rendered: HTML, not a fake PDF."""
        loan = self._sign_all(self._create_loan())
        loan._cron_attach_documents()
        attachments = self.env["ir.attachment"].search([("res_model", "=", loan._name), ("res_id", "=", loan.id)])
        self.assertEqual(len(attachments), 2)
        self.assertNotIn("application/pdf", attachments.mapped("mimetype"))
        for attachment in attachments:
            self.assertTrue(attachment.name.endswith(".html"))
            self.assertIn(b"Camille Pr\xc3\xaat\xc3\xa9e", attachment.raw)

    # ------------------------------------------------------------------ framework and annexes

    def test_annex_under_signed_framework(self):
        framework = self._signed_framework()
        loan = self._create_loan(framework_id=framework.id)
        self._sign_all(loan)
        self.assertEqual(loan.state, "signed")
        html = self._html(CONVENTION, loan)
        for text in (
            "Annexe à la convention-cadre de mise à disposition de personnel",
            f"Annexe {loan.name} à la convention-cadre {framework.name}",
            "Article 2 – Identité et qualification du salarié",
            "Article 5 – Refacturation à prix coûtant",
            "Accord du salarié",
            f"Les employeurs ont signé la convention-cadre {framework.name}",
            "Représenté par Directrice Prêteuse",
            "Représenté par Directeur Emprunteur",
        ):
            self.assertIn(text, html)
        # The employee signed the annex; the employers signed the framework, not the annex.
        self.assertEqual(html.count("Signé électroniquement"), 1)
        self.assertNotIn(">Signature</div>", self._markup(CONVENTION, loan))

        pdf, text = self._pdf(CONVENTION, loan)
        for name in ("Camille Prêtée", "EHPAD Test Les Pins", "EHPAD Test Les Chênes", framework.name):
            self.assertIn(name, text)
        self.assertIn("Signé électroniquement", text)

        avenant = self._html(AVENANT, loan)
        self.assertIn(f"Pour l'employeur (convention-cadre {framework.name})", avenant)
        self.assertEqual(avenant.count("Signé électroniquement"), 2)

    def test_framework_report(self):
        framework = self._signed_framework()
        loan = self._create_loan(framework_id=framework.id)
        cancelled = self._create_loan(framework_id=framework.id, place="Ailleurs")
        cancelled.action_cancel()
        html = self._html(FRAMEWORK, framework)
        for text in (
            "Convention-cadre de mise à disposition de personnel",
            framework.name,
            "EHPAD Test Les Pins",
            "EHPAD Test Les Chênes",
            "Article 9 – Clauses particulières",
            "badge d'accès fourni par l'entreprise utilisatrice",
            "Article 10 – Annexes",
            loan.name,
            "Camille Prêtée",
            "pour une durée indéterminée",
        ):
            self.assertIn(text, html)
        self.assertNotIn(cancelled.name, html)
        self.assertEqual(html.count("Signé électroniquement"), 2)

        pdf, text = self._pdf(FRAMEWORK, framework)
        for name in ("Camille Prêtée", "EHPAD Test Les Pins", "EHPAD Test Les Chênes", "Directrice Prêteuse"):
            self.assertIn(name, text)
        self.assertIn("Signé électroniquement", text)

    def test_framework_without_annex_unsigned(self):
        framework = self.env["reserve.loan.framework"].create(
            {"lender_id": self.lender.id, "borrower_id": self.borrower.id, "date_end": "2099-12-31"}
        )
        html = self._html(FRAMEWORK, framework)
        self.assertIn("Aucune mise à disposition n'a encore été conclue", html)
        self.assertIn("Néant.", html)
        self.assertIn("31 décembre 2099", html)
        self.assertEqual(self._markup(FRAMEWORK, framework).count(">Signature</div>"), 2)

    # ------------------------------------------------------------------ access

    def test_parties_print_other_parties_data(self):
        """The borrower's manager and the employee cannot read each other's records, but print the whole loan."""
        loan = self._create_loan()
        with self.assertRaises(AccessError):
            self.lent.with_user(self.borrower_manager).check_access("read")
        for user in (self.borrower_manager, self.lender_manager, self.employee_user):
            html = self._html(CONVENTION, loan, user=user)
            self.assertIn("Camille Prêtée", html)
            self.assertIn(self.qualification_deas.display_name, html)
            self.assertIn("SIRET : 44000003200019", html)
        with self.assertRaises(AccessError):
            self._html(AVENANT, loan, user=self.third_manager)
