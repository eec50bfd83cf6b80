import io

from pdfminer.high_level import extract_text

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.reserve_medicosociale.tests.common import GROUP_PREFIX

from .common_events import SIGNATURE_PNG, ParcoursEventsCommon


def _flat(text):
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


@tagged("post_install", "-at_install")
class TestEventsImmersion(ParcoursEventsCommon):
    """The "Vis ma vie" immersion: its agreement signed by each side (and only by it), its
    PDF with both parties, and the way from an immersion to an application and a hire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_manager = new_test_user(cls.env, "t_second_manager", groups=GROUP_PREFIX + "member_manager")
        cls.member.member_manager_ids = [(4, cls.second_manager.id)]

    def _sign_both(self, agreement):
        agreement.with_user(self.candidate_user)._sign("person", "Portail Un", SIGNATURE_PNG, "192.0.2.1")
        agreement.with_user(self.manager)._sign("establishment", "Directeur Test", SIGNATURE_PNG, "192.0.2.2")

    def test_agreement_is_prepared_from_the_registration(self):
        agreement = self._agreement(send=False)
        self.assertEqual(agreement.partner_id, self.candidate)
        self.assertEqual(agreement.establishment_id, self.member)
        self.assertEqual(agreement.immersion_date, self.day)
        self.assertTrue(agreement.name.startswith("IMM/"))
        self.assertEqual(agreement.sudo().pathway_id, self._pathway(self.candidate))

    def test_each_side_signs_and_the_agreement_is_valid_when_both_did(self):
        agreement = self._agreement()
        self.assertEqual(agreement._signatures_due(self.candidate_user), ["person"])
        self.assertEqual(agreement._signatures_due(self.manager), ["establishment"])
        agreement.with_user(self.candidate_user)._sign("person", "Portail Un", SIGNATURE_PNG, "192.0.2.1")
        self.assertEqual(agreement.state, "to_sign")
        self.assertFalse(agreement.is_valid)
        agreement.with_user(self.manager)._sign("establishment", "Directeur Test", SIGNATURE_PNG, "192.0.2.2")
        self.assertEqual(agreement.state, "signed")
        self.assertTrue(agreement.is_valid)
        self.assertEqual(agreement.person_signed_by, "Portail Un")
        self.assertEqual(agreement.person_signed_ip, "192.0.2.1")
        self.assertEqual(agreement.establishment_signer_id, self.manager)
        self.assertTrue(agreement.establishment_signed_on)

    def test_nobody_signs_for_the_other_side(self):
        agreement = self._agreement()
        with self.assertRaises(AccessError):
            agreement.with_user(self.candidate_user)._sign("establishment", "Portail Un", SIGNATURE_PNG)
        with self.assertRaises(AccessError):
            agreement.with_user(self.manager)._sign("person", "Directeur Test", SIGNATURE_PNG)
        with self.assertRaises(AccessError):
            agreement.with_user(self.other_manager)._sign("establishment", "Autre Directeur", SIGNATURE_PNG)
        with self.assertRaises(AccessError):
            agreement.with_user(self.other_candidate_user)._sign("person", "Portail Deux", SIGNATURE_PNG)
        self.assertFalse(agreement.person_signed_on or agreement.establishment_signed_on)

    def test_a_side_signs_once_and_with_a_name(self):
        agreement = self._agreement()
        with self.assertRaisesRegex(UserError, "Type your full name"):
            agreement.with_user(self.candidate_user)._sign("person", "  ", SIGNATURE_PNG)
        with self.assertRaisesRegex(UserError, "Draw or type your signature"):
            agreement.with_user(self.candidate_user)._sign("person", "Portail Un", False)
        agreement.with_user(self.manager)._sign("establishment", "Directeur Test", SIGNATURE_PNG)
        with self.assertRaisesRegex(UserError, "already signed"):
            agreement.with_user(self.second_manager)._sign("establishment", "Directrice Deux", SIGNATURE_PNG)
        self.assertEqual(agreement.establishment_signed_by, "Directeur Test")

    def test_draft_agreement_is_not_signed(self):
        agreement = self._agreement(send=False)
        with self.assertRaisesRegex(UserError, "not awaiting signatures"):
            agreement.with_user(self.candidate_user)._sign("person", "Portail Un", SIGNATURE_PNG)

    def test_nobody_writes_a_signature_over_rpc(self):
        agreement = self._agreement()
        self._sign_both(agreement)
        for user in (self.candidate_user, self.manager, self.referent, self.coordinator):
            for vals in (
                {"person_signed_by": "Quelqu'un d'autre"},
                {"establishment_signature": SIGNATURE_PNG},
                {"state": "to_sign"},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    agreement.with_user(user).write(vals)
        self.assertEqual(agreement.person_signed_by, "Portail Un")

    def test_manager_completes_the_tutor_of_a_draft_only(self):
        agreement = self._agreement(send=False)
        agreement.with_user(self.manager).write({"tutor_name": "Julie Martin", "place": "Unité Les Lilas"})
        self.assertEqual(agreement.tutor_name, "Julie Martin")
        with self.assertRaises(AccessError):
            agreement.with_user(self.manager).write({"partner_id": self.other_candidate.id})
        with self.assertRaises(AccessError):
            agreement.with_user(self.manager).write({"establishment_id": self.other_member.id})
        with self.assertRaises(AccessError):
            agreement.with_user(self.candidate_user).write({"objectives": "Autre chose"})
        agreement.with_user(self.referent).action_send_for_signature()
        with self.assertRaisesRegex(UserError, "cannot change"):
            agreement.with_user(self.manager).write({"tutor_name": "Autre tuteur"})

    def test_pdf_shows_both_parties_and_both_signatures(self):
        agreement = self._agreement()
        self._sign_both(agreement)
        with self.allow_pdf_render():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("parcours_emploi.action_report_immersion_agreement", agreement.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = _flat(extract_text(io.BytesIO(pdf)))
        self.assertIn("Convention d'immersion", text)
        self.assertIn("Portail Un", text, "the person")
        self.assertIn("EHPAD Test Les Pins", text, "the establishment")
        self.assertIn("Nathalie Guérin", text, "the tutor")
        self.assertIn("Directeur Test", text, "the establishment's signatory")
        self.assertEqual(text.count("Signé électroniquement"), 2, "both signatures")

    def test_immersion_becomes_an_application_then_a_hire(self):
        registration = self.immersion.with_user(self.candidate_user).action_parcours_register()
        registration.with_user(self.referent).action_set_done()
        wizard = (
            self.env["parcours.application.create"]
            .with_user(self.manager)
            .create({"registration_id": registration.id, "job_id": self.offer.id, "note": "Très à l'aise."})
        )
        self.assertEqual(wizard.establishment_id, self.member)
        wizard.action_create()
        applicant = registration.sudo().parcours_applicant_id
        self.assertEqual(applicant.job_id, self.offer)
        self.assertEqual(applicant.partner_id, self.candidate)
        pathway = self._pathway(self.candidate)
        self.assertEqual(applicant.sudo().pathway_id, pathway)
        self.assertIn("job_offer", self._step_codes(self.candidate))
        self.assertIn(
            applicant, self.env["hr.applicant"].with_user(self.manager).search([]), "in the member's pipeline"
        )
        # The member hires: the pathway's "hired" step.
        applicant.sudo().date_closed = fields.Datetime.now()
        self.assertIn("hired", self._step_codes(self.candidate))

    def test_application_on_another_members_offer_is_refused(self):
        registration = self.immersion.with_user(self.candidate_user).action_parcours_register()
        wizard = (
            self.env["parcours.application.create"]
            .with_user(self.referent)
            .create(
                {"registration_id": registration.id, "job_id": self.other_offer.id, "establishment_id": self.member.id}
            )
        )
        with self.assertRaisesRegex(UserError, "Choose a published offer"):
            wizard.action_create()
        wizard = (
            self.env["parcours.application.create"]
            .with_user(self.other_manager)
            .create(
                {
                    "registration_id": registration.id,
                    "job_id": self.other_offer.id,
                    "establishment_id": self.other_member.id,
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_create()
        self.assertFalse(registration.sudo().parcours_applicant_id)
