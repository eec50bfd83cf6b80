from odoo.exceptions import AccessError
from odoo.service.model import call_kw, get_public_method
from odoo.tests import tagged

from .common import ParcoursCommon


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwayAccess(ParcoursCommon):
    """Referents see every pathway; an adviser only theirs, read only; a member manager and a
    portal user none (a member manager sees candidates through the applications only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advised = cls._pathway(adviser_partner_id=cls.adviser.id, adviser_organisation="france_travail")
        cls.advised.note = "<p>Note du référent</p>"
        cls.not_advised = cls._pathway(partner=cls.other_person, adviser_partner_id=cls.other_adviser.id)
        # The person followed is a reservist: their contact is private in the reserve.
        cls.reservist_pathway = cls._pathway(partner=cls.portal_person.partner_id)

    def test_advisers_reach_the_reserve_menu_which_keeps_its_name(self):
        root = self.env.ref("reserve_medicosociale.menu_reserve_root")
        self.assertIn(self.env.ref("parcours_emploi.group_parcours_adviser"), root.group_ids)
        self.assertEqual(root.with_context(lang="en_US").name, "Réserve")
        menus = self.env["ir.ui.menu"].with_user(self.adviser_user).load_menus(debug=False)
        self.assertIn(root.id, menus["root"]["children"])

    def test_referent_reads_and_writes_every_pathway(self):
        pathways = self.Pathway.with_user(self.referent).search([])
        self.assertLessEqual(self.advised | self.not_advised | self.reservist_pathway, pathways)
        self.reservist_pathway.with_user(self.referent).public = "rsa"
        self.assertEqual(self.reservist_pathway.with_user(self.referent).partner_id.name, self.portal_person.name)

    def test_referent_cannot_delete_a_pathway_but_a_manager_can(self):
        with self.assertRaises(AccessError):
            self.advised.with_user(self.referent).unlink()
        self.not_advised.with_user(self.pathway_manager).unlink()
        self.assertFalse(self.not_advised.exists())

    def test_referent_does_not_configure_the_stages(self):
        with self.assertRaises(AccessError):
            self.env.ref("parcours_emploi.stage_immersion").with_user(self.referent).reminder_days = 3

    def test_adviser_reads_only_their_pathways(self):
        Pathway = self.Pathway.with_user(self.adviser_user)
        self.assertEqual(Pathway.search([]), self.advised)
        self.assertEqual(Pathway.browse(self.advised.id).stage_id.code, "first_contact")
        self.assertEqual(Pathway.browse(self.advised.id).partner_id.name, self.person.name)
        with self.assertRaises(AccessError):
            Pathway.browse(self.not_advised.id).read(["public"])
        steps = self.env["parcours.pathway.step"].with_user(self.adviser_user).search([])
        self.assertEqual(steps.pathway_id, self.advised)

    def test_adviser_writes_nothing(self):
        with self.assertRaises(AccessError):
            self.advised.with_user(self.adviser_user).write({"outcome": "abandoned"})
        with self.assertRaises(AccessError):
            self.Pathway.with_user(self.adviser_user).create({"partner_id": self.other_adviser.id})

    def test_adviser_reads_no_personal_notes_nor_applications(self):
        pathway = self.advised.with_user(self.adviser_user)
        with self.assertRaises(AccessError):
            pathway.read(["note"])
        with self.assertRaises(AccessError):
            pathway.read(["applicant_ids"])
        with self.assertRaises(AccessError):
            self.env["hr.applicant"].with_user(self.adviser_user).search([])

    def test_member_manager_reads_no_pathway(self):
        Pathway = self.Pathway.with_user(self.manager)
        with self.assertRaises(AccessError):
            Pathway.search([])
        with self.assertRaises(AccessError):
            Pathway.browse(self.advised.id).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.env["parcours.pathway.step"].with_user(self.manager).search([])

    def test_member_manager_sees_the_candidate_through_the_application_only(self):
        applicant = self.env["hr.applicant"].create(
            {"partner_id": self.person.id, "job_id": self.offer.id, "pathway_id": self.advised.id}
        )
        self.assertEqual(
            self.env["hr.applicant"].with_user(self.manager).search([("id", "=", applicant.id)]), applicant
        )
        with self.assertRaises(AccessError):
            applicant.with_user(self.manager).read(["pathway_id"])
        with self.assertRaises(AccessError):
            applicant.with_user(self.manager).write({"pathway_id": self.not_advised.id})
        other_applicant = self.env["hr.applicant"].create({"partner_id": self.other_person.id, "job_id": self.offer.id})
        other_applicant.job_id = self.env["hr.job"].create(
            {"name": "Offre Test autre", "establishment_id": self.other_member.id}
        )
        self.assertFalse(self.env["hr.applicant"].with_user(self.manager).search([("id", "=", other_applicant.id)]))

    def test_portal_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.Pathway.with_user(self.portal_user).search([])
        with self.assertRaises(AccessError):
            self.env["parcours.pathway.step"].with_user(self.portal_user).search([])
        with self.assertRaises(AccessError):
            self.env["parcours.pathway.stage"].with_user(self.portal_user).search([])

    def test_authority_and_trainer_have_no_access(self):
        for user in (self.authority, self.trainer):
            with self.assertRaises(AccessError):
                self.Pathway.with_user(user).search([])

    def test_funder_figures_are_the_managers(self):
        with self.assertRaises(AccessError):
            self.env["parcours.funder.report"].with_user(self.referent).create({})
        self.env["parcours.funder.report"].with_user(self.pathway_manager).create({})

    def test_member_manager_over_rpc_gets_an_access_error(self):
        with self.assertRaises(AccessError):
            call_kw(self.Pathway.with_user(self.manager), "search_read", [[]], {"fields": ["partner_id"]})
        with self.assertRaises(AccessError):
            call_kw(self.Pathway.with_user(self.manager), "read", [self.advised.ids, ["partner_id"]], {})

    def test_the_workflow_api_is_not_reachable_over_rpc(self):
        for method in ("_record_step", "_get_or_create_for_partner", "_send_adviser_mail", "_demo_populate"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                get_public_method(self.Pathway.with_user(self.referent), method)
