from odoo.tests import tagged

from .common import CvthequeCommon


@tagged("post_install", "-at_install")
class TestCvAudit(CvthequeCommon):
    """Members' views of a CV are logged; lists and search results are not views."""

    def _views(self, cv):
        return self.env["cvtheque.cv.view"].search([("cv_id", "=", cv.id)])

    def test_form_read_by_member_is_logged(self):
        self.cv_portal.with_user(self.manager).web_read({"name": {}, "summary": {}, "experience_ids": {}})
        view = self._views(self.cv_portal)
        self.assertEqual(len(view), 1)
        self.assertEqual(view.user_id, self.manager)
        self.assertEqual(view.establishment_id, self.member)
        self.assertEqual(view.kind, "view")

    def test_member_opens_back_office_views(self):
        Cv = self.Cv.with_user(self.manager)
        views = Cv.get_views([(False, "list"), (False, "form"), (False, "search")])
        fields = views["models"]["cvtheque.cv"]["fields"]
        self.cv_portal.with_user(self.manager).web_read({name: {} for name in fields})
        wizard = self.env["cvtheque.search"].with_user(self.manager)
        wizard.get_views([(False, "form")])

    def test_list_and_search_are_not_views(self):
        Cv = self.Cv.with_user(self.manager)
        Cv.search_read([], ["name", "job_ids", "commune_id"])
        Cv.search_fulltext("aide soignante")
        self.assertFalse(self._views(self.cv_portal))

    def test_coordinator_and_person_reads_are_not_logged(self):
        self.cv_portal.with_user(self.coordinator).read(["summary"])
        self.cv_portal.with_user(self.portal_user).read(["summary"])
        self.assertFalse(self._views(self.cv_portal))

    def test_export_by_member_is_logged(self):
        self.manager.group_ids |= self.env.ref("base.group_allow_export")
        self.cv_portal.with_user(self.manager).export_data(["name", "summary"])
        self.assertEqual(len(self._views(self.cv_portal)), 1)

    def test_person_sees_who_viewed(self):
        self.cv_portal.with_user(self.other_manager).read(["summary"])
        views = self.cv_portal.with_user(self.portal_user)._get_portal_views()
        self.assertEqual(views.establishment_id, self.other_member)

    def test_log_is_read_only(self):
        self.cv_portal.with_user(self.manager).read(["summary"])
        view = self._views(self.cv_portal)
        from odoo.exceptions import AccessError  # noqa: PLC0415

        with self.assertRaises(AccessError):
            view.with_user(self.coordinator).write({"establishment_id": self.other_member.id})
        with self.assertRaises(AccessError):
            view.with_user(self.manager).read(["date"])
