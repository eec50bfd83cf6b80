from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import ParcoursCommon


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwayHire(ParcoursCommon):
    """An application on a CVthèque offer is the "job offer" step; its hire is the "hired" step."""

    def test_an_application_on_the_pathway_records_the_job_offer_step(self):
        pathway = self._pathway()
        applicant = self.env["hr.applicant"].create(
            {"partner_id": self.person.id, "job_id": self.offer.id, "pathway_id": pathway.id}
        )
        self.assertEqual(pathway.stage_id.code, "job_offer")
        self.assertEqual(pathway.step_ids[0].origin_ref, applicant)
        self.assertEqual(pathway.step_ids[0].origin, f"Application: {self.offer.name} – {self.member.name}")

    def test_an_application_of_a_person_followed_joins_their_pathway(self):
        pathway = self._pathway()
        # As a member manager working their own pipeline: the field is not theirs, the link is made.
        applicant = (
            self.env["hr.applicant"]
            .with_user(self.manager)
            .create({"partner_name": self.person.name, "partner_id": self.person.id, "job_id": self.offer.id})
        )
        self.assertEqual(applicant.sudo().pathway_id, pathway)
        self.assertEqual(pathway.stage_id.code, "job_offer")

    def test_hired_applicant_closes_the_hired_step_with_the_outcome(self):
        pathway = self._pathway()
        applicant = self.env["hr.applicant"].create(
            {"partner_id": self.person.id, "job_id": self.offer.id, "pathway_id": pathway.id}
        )
        applicant.with_user(self.manager).write({"stage_id": self.hired_stage.id})
        self.assertTrue(applicant.date_closed)
        hire_date = fields.Date.to_date(applicant.date_closed)
        self.assertEqual(pathway.stage_id.code, "hired")
        self.assertEqual(pathway.hired_date, hire_date)
        self.assertEqual(pathway.outcome, "hired_cdi", "the offer is a permanent contract")
        self.assertEqual(pathway.outcome_date, hire_date)
        self.assertIn(self.member, pathway.establishment_ids)
        hired_steps = pathway.step_ids.filtered(lambda s: s.stage_code == "hired")
        self.assertEqual(len(hired_steps), 1)
        self.assertEqual(hired_steps.origin_ref, applicant)
        self.assertEqual(pathway.follow_3m_date, hire_date + relativedelta(months=3))
        self.assertEqual(pathway.follow_6m_date, hire_date + relativedelta(months=6))

    def test_a_fixed_term_offer_gives_a_fixed_term_outcome(self):
        self.offer.offer_contract_type_id = self.env.ref("reserve_medicosociale.contract_type_fixed_term")
        pathway = self._pathway()
        applicant = self.env["hr.applicant"].create(
            {"partner_id": self.person.id, "job_id": self.offer.id, "pathway_id": pathway.id}
        )
        applicant.write({"stage_id": self.hired_stage.id})
        self.assertEqual(pathway.outcome, "hired_cdd")

    def test_an_applicant_without_pathway_changes_no_pathway(self):
        pathway = self._pathway(partner=self.other_person)
        applicant = self.env["hr.applicant"].create({"partner_id": self.person.id, "job_id": self.offer.id})
        applicant.write({"stage_id": self.hired_stage.id})
        self.assertFalse(applicant.pathway_id)
        self.assertEqual(pathway.stage_id.code, "first_contact")
