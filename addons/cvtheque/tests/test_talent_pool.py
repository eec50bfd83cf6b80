import json

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import call_kw
from odoo.tests import HttpCase, tagged

from .common import CvthequeCommon


class TalentPoolCommon(CvthequeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls.env.ref("cvtheque.hr_talent_pool_shared")
        cls.Applicant = cls.env["hr.applicant"].with_context(active_test=False)

    def _talent(self, cv):
        return self.Applicant.search([("cv_id", "=", cv.id), ("talent_pool_ids", "in", self.pool.ids)])

    def _pool_talents_as(self, user):
        return self.env["hr.applicant"].with_user(user).search([("talent_pool_ids", "in", self.pool.ids)])


@tagged("post_install", "-at_install")
class TestTalentPool(TalentPoolCommon):
    """The CVs shared with members are the talents of Recruitment's shared pool."""

    def test_shared_cvs_are_in_the_pool(self):
        self.assertTrue(self._talent(self.cv_portal))
        self.assertTrue(self._talent(self.cv_selected))
        self.assertFalse(self._talent(self.cv_association))
        talent = self._talent(self.cv_portal)
        self.assertEqual(talent.partner_name, self.portal_user.partner_id.name)
        self.assertEqual(talent.cv_name, "Aide-soignante de nuit")
        self.assertFalse(talent.job_id)
        self.assertTrue(talent.is_pool_applicant)
        self.assertEqual(talent.pool_applicant_id, talent)

    def test_talent_carries_no_contact_nor_document(self):
        self.cv_portal._add_documents([("cv.pdf", self.pdf("Aide-soignante de nuit"))])
        talent = self._talent(self.cv_portal)
        self.assertFalse(talent.partner_id or talent.email_from or talent.partner_phone)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "hr.applicant"), ("res_id", "=", talent.id)])
        )

    def test_jobs_become_tags(self):
        self.cv_portal.write({"job_ids": [(6, 0, self.job_care_assistant.ids)]})
        self.assertEqual(self._talent(self.cv_portal).categ_ids.mapped("name"), [self.job_care_assistant.name])

    def test_withdrawal_removes_at_once_and_sharing_again_adds(self):
        talent = self._talent(self.cv_portal)
        self.cv_portal.with_user(self.portal_user).action_withdraw_consent()
        self.assertFalse(talent.exists())
        self.assertFalse(self._pool_talents_as(self.manager).filtered(lambda t: t.cv_id == self.cv_portal))
        self.cv_portal.with_user(self.portal_user).action_give_consent()
        self.assertTrue(self._talent(self.cv_portal))

    def test_association_only_leaves_the_pool(self):
        self.cv_portal.with_user(self.portal_user).write({"visibility": "association"})
        self.assertFalse(self._talent(self.cv_portal))
        self.cv_association.write({"visibility": "all"})
        self.assertTrue(self._talent(self.cv_association))

    def test_anonymised_cv_leaves_the_pool(self):
        talent = self._talent(self.cv_portal)
        self.cv_portal._anonymise()
        self.assertFalse(talent.exists())

    def test_deleted_cv_leaves_the_pool(self):
        talent = self._talent(self.cv_portal)
        self.cv_portal.unlink()
        self.assertFalse(talent.exists())

    def test_selected_members_only(self):
        talent = self._talent(self.cv_selected)
        self.assertIn(talent, self._pool_talents_as(self.manager))
        self.assertNotIn(talent, self._pool_talents_as(self.other_manager))
        self.cv_selected.write({"member_ids": [(6, 0, self.other_member.ids)]})
        self.assertNotIn(talent, self._pool_talents_as(self.manager))
        self.assertIn(talent, self._pool_talents_as(self.other_manager))

    def test_member_not_selected_sees_nothing(self):
        talent = self._talent(self.cv_selected).with_user(self.other_manager)
        Applicant = self.env["hr.applicant"].with_user(self.other_manager)
        self.assertNotIn(talent, self._pool_talents_as(self.other_manager))
        self.assertFalse(Applicant.search([("cv_id", "=", self.cv_selected.id)]))
        self.assertFalse(Applicant.search([("partner_name", "ilike", self.cv_selected.partner_name)]))
        with self.assertRaises(AccessError):
            talent.read(["partner_name"])
        with self.assertRaises(AccessError):
            call_kw(Applicant, "read", [talent.ids, ["partner_name", "cv_name"]], {})
        rows = call_kw(Applicant, "search_read", [[("talent_pool_ids", "in", self.pool.ids)], ["cv_id"]], {})
        self.assertNotIn(self.cv_selected.id, [row["cv_id"] and row["cv_id"][0] for row in rows])
        # Through the pool itself: its talents and its count are filtered as well.
        pool = self.pool.with_user(self.other_manager)
        self.assertNotIn(talent.id, pool.talent_ids.ids)
        self.assertIn(self._talent(self.cv_portal).id, pool.talent_ids.ids)
        other_count = pool.no_of_talents
        self.assertEqual(other_count, len(self._pool_talents_as(self.other_manager)))
        # A count per user (one request each in the web client): not the value computed for another.
        self.pool.invalidate_recordset(["no_of_talents"])
        self.assertEqual(self.pool.with_user(self.manager).no_of_talents, other_count + 1)

    def test_association_cv_invisible_to_all_members(self):
        self.assertFalse(self._talent(self.cv_association))
        for manager in (self.manager, self.other_manager):
            self.assertFalse(
                self.env["hr.applicant"].with_user(manager).search([("cv_id", "=", self.cv_association.id)])
            )

    def test_authority_sees_no_talent(self):
        with self.assertRaises(AccessError):
            self.env["hr.applicant"].with_user(self.authority).search([("talent_pool_ids", "in", self.pool.ids)])

    def test_coordinator_sees_every_talent(self):
        talents = self._pool_talents_as(self.coordinator)
        self.assertIn(self._talent(self.cv_portal), talents)
        self.assertIn(self._talent(self.cv_selected), talents)

    def test_member_manager_cannot_change_talents(self):
        talent = self._talent(self.cv_portal).with_user(self.manager)
        talent.read(["partner_name"])
        with self.assertRaises(AccessError):
            talent.write({"partner_name": "Autre nom"})
        with self.assertRaises(AccessError):
            talent.unlink()
        with self.assertRaises(AccessError):
            talent.write({"cv_id": self.cv_association.id})

    def test_nobody_adds_a_talent_by_hand(self):
        applicant = self.env["hr.applicant"].create({"partner_name": "Candidat hors CVthèque"})
        with self.assertRaises(ValidationError):
            applicant.write({"talent_pool_ids": [(4, self.pool.id)]})
        with self.assertRaises(ValidationError):
            self.env["hr.applicant"].create(
                {"partner_name": "Ajout à la main", "talent_pool_ids": [(6, 0, self.pool.ids)]}
            )
        with self.assertRaises(AccessError):
            self.env["hr.talent.pool"].with_user(self.coordinator).create({"name": "Autre", "is_cvtheque_pool": True})

    def test_member_opens_the_cv_of_a_talent_logged(self):
        talent = self._talent(self.cv_portal).with_user(self.manager)
        action = talent.action_open_cv()
        self.assertEqual((action["res_model"], action["res_id"]), ("cvtheque.cv", self.cv_portal.id))
        self.env["cvtheque.cv"].with_user(self.manager).browse(action["res_id"]).read(["summary", "email"])
        self.assertTrue(
            self.env["cvtheque.cv.view"].search([("cv_id", "=", self.cv_portal.id), ("user_id", "=", self.manager.id)])
        )


@tagged("post_install", "-at_install")
class TestTalentPoolRpc(HttpCase, TalentPoolCommon):
    """Over the web client's RPC, a member not selected gets nothing of the CV's talent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_manager.write({"password": "t_other_pw_1234"})

    def _call(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_not_selected_member_over_rpc(self):
        talent = self._talent(self.cv_selected)
        visible = self._talent(self.cv_portal)
        self.authenticate("t_other_manager", "t_other_pw_1234")
        result = self._call(
            "hr.applicant",
            "web_search_read",
            [],
            {"domain": [("talent_pool_ids", "in", self.pool.ids)], "specification": {"partner_name": {}}},
        )["result"]
        ids = [row["id"] for row in result["records"]]
        self.assertIn(visible.id, ids)
        self.assertNotIn(talent.id, ids)
        error = self._call("hr.applicant", "web_read", [talent.ids], {"specification": {"partner_name": {}}})
        self.assertIn("error", error)
        self.assertNotIn(talent.partner_name, json.dumps(error))
        pool = self._call(
            "hr.talent.pool", "web_read", [self.pool.ids], {"specification": {"talent_ids": {}, "no_of_talents": {}}}
        )
        self.assertNotIn(talent.id, pool["result"][0]["talent_ids"])
        self.assertIn(visible.id, pool["result"][0]["talent_ids"])
