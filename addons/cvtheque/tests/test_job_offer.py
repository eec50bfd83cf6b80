from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tests import tagged

from .common import CvthequeCommon


class JobOfferCommon(CvthequeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.email = "manager@example.com"
        cls.Job = cls.env["hr.job"]
        cls.offer = cls.Job.with_user(cls.manager).create(
            {
                "name": "Aide-soignant(e)",
                "establishment_id": cls.member.id,
                "offer_job_id": cls.job_care_assistant.id,
                "offer_contract_type_id": cls.contract_permanent.id,
                "weekly_hours": 35,
                "salary_min": 1900,
                "salary_max": 2200,
                "start_date": "2027-01-04",
            }
        )
        cls.offer.with_user(cls.manager).action_publish_offer()
        cls.other_offer = cls.Job.with_user(cls.other_manager).create(
            {"name": "Aide-soignant(e)", "establishment_id": cls.other_member.id}
        )
        cls.other_offer.with_user(cls.other_manager).action_publish_offer()


@tagged("post_install", "-at_install")
class TestJobOffer(JobOfferCommon):
    def test_two_establishments_post_the_same_title(self):
        self.assertEqual(self.offer.name, self.other_offer.name)
        self.assertEqual(self.offer.commune_id, self.member.commune_id)
        self.assertEqual(self.offer.offer_state, "open")

    def test_one_open_offer_per_title_and_establishment(self):
        duplicate = self.Job.with_user(self.manager).create(
            {"name": "Aide-soignant(e)", "establishment_id": self.member.id}
        )
        with self.assertRaises(UserError):
            duplicate.with_user(self.manager).action_publish_offer()

    def test_members_read_each_others_offers_but_write_their_own(self):
        self.assertIn(self.other_offer, self.Job.with_user(self.manager).search([("establishment_id", "!=", False)]))
        with self.assertRaises(AccessError):
            self.other_offer.with_user(self.manager).write({"weekly_hours": 10})
        with self.assertRaises(AccessError):
            self.Job.with_user(self.manager).create({"name": "Cuisinier", "establishment_id": self.other_member.id})
        draft = self.Job.with_user(self.manager).create({"name": "Cuisinier", "establishment_id": self.member.id})
        with self.assertRaises(AccessError):
            draft.with_user(self.manager).write({"establishment_id": self.other_member.id})
        with self.assertRaises(AccessError):
            self.other_offer.with_user(self.manager).action_mark_filled()
        with self.assertRaises(AccessError):
            self.offer.with_user(self.manager).write({"offer_state": "filled"})

    def test_applications_seen_by_their_establishment_only(self):
        Applicant = self.env["hr.applicant"]
        application = Applicant._cvtheque_apply(self.offer, self.cv_portal)
        self.assertEqual(application.establishment_id, self.member)
        self.assertTrue(application.attachment_ids or not self.cv_portal.document_ids)
        # Applications only: the talents of the shared pool are its own matter (test_talent_pool).
        applications = [("talent_pool_ids", "=", False)]
        self.assertEqual(Applicant.with_user(self.manager).search(applications), application)
        self.assertFalse(Applicant.with_user(self.other_manager).search(applications))
        with self.assertRaises(AccessError):
            application.with_user(self.other_manager).read(["partner_name"])
        with self.assertRaises(AccessError):
            application.with_user(self.authority).read(["partner_name"])
        # The establishment works it in Odoo's pipeline, and reads the person's contact.
        stages = self.env["hr.recruitment.stage"].with_user(self.manager).search([], order="sequence")
        application.with_user(self.manager).write({"stage_id": stages[1].id})
        self.assertEqual(application.partner_id.with_user(self.manager).email, self.portal_user.partner_id.email)

    def test_manager_cannot_open_a_contact_or_move_an_application(self):
        Applicant = self.env["hr.applicant"].with_user(self.manager)
        stranger = self.other_portal_person.partner_id
        with self.assertRaises(AccessError):
            stranger.with_user(self.manager).read(["email"])
        with self.assertRaises(AccessError):
            Applicant.create({"partner_name": "X", "partner_id": stranger.id, "job_id": self.offer.id})
        application = self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        with self.assertRaises(AccessError):
            application.with_user(self.manager).write({"partner_id": stranger.id})
        with self.assertRaises(AccessError):
            application.with_user(self.manager).write({"job_id": self.other_offer.id})
        manual = Applicant.create({"partner_name": "Candidate typed in", "job_id": self.offer.id})
        self.assertEqual(manual.establishment_id, self.member)

    def test_apply_twice_refused(self):
        self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        with self.assertRaises(UserError):
            self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)

    def test_filled_offer_tells_remaining_candidates(self):
        Applicant = self.env["hr.applicant"]
        first = Applicant._cvtheque_apply(self.offer, self.cv_portal)
        second = Applicant._cvtheque_apply(self.offer, self.cv_selected)
        first.with_user(self.manager).write({"date_closed": "2026-12-01 10:00:00"})
        self.offer.with_user(self.manager).action_mark_filled()
        self.assertEqual(self.offer.offer_state, "filled")
        self.assertEqual(first.application_status, "hired")
        second = second.with_context(active_test=False)
        self.assertEqual(second.application_status, "refused")
        self.assertEqual(second.refuse_reason_id, self.env.ref("cvtheque.refuse_reason_offer_filled"))
        mail = self.env["mail.mail"].search([("email_to", "ilike", "candidat@example.com")])
        self.assertTrue(mail)
        self.assertFalse(self.Job.sudo().search(self.Job._public_offer_domain() & Domain("id", "=", self.offer.id)))
        with self.assertRaises(UserError):
            Applicant._cvtheque_apply(self.offer, self.cv_association)

    def test_member_manager_opens_pipeline_views(self):
        application = self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        Applicant = self.env["hr.applicant"].with_user(self.manager)
        views = Applicant.get_views([(False, "kanban"), (False, "form"), (False, "list")])
        form_fields = views["models"]["hr.applicant"]["fields"]
        spec = {name: {} for name, field in form_fields.items() if field["type"] not in ("one2many", "many2many")}
        application.with_user(self.manager).web_read(spec)
        Job = self.env["hr.job"].with_user(self.manager)
        form = Job.get_views([(self.env.ref("cvtheque.hr_job_view_form_offer").id, "form")])
        spec = {name: {} for name, field in form["models"]["hr.job"]["fields"].items() if field["type"] != "one2many"}
        self.offer.with_user(self.manager).web_read(spec)

    def test_manager_refuses_and_plans_an_interview_in_odoo(self):
        application = self.env["hr.applicant"]._cvtheque_apply(self.offer, self.cv_portal)
        as_manager = application.with_user(self.manager)
        action = as_manager.action_create_meeting()
        event = (
            self.env["calendar.event"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"name": "Entretien", "start": "2027-01-05 09:00:00", "stop": "2027-01-05 10:00:00"})
        )
        self.assertEqual(event.applicant_id, application)
        reason = self.env["hr.applicant.refuse.reason"].search([], limit=1)
        wizard = (
            self.env["applicant.get.refuse.reason"]
            .with_user(self.manager)
            .create({"refuse_reason_id": reason.id, "applicant_ids": [(6, 0, application.ids)], "send_mail": False})
        )
        wizard.action_refuse_reason_apply()
        self.assertEqual(application.with_context(active_test=False).application_status, "refused")
