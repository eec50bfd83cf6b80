from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_managed_member


@tagged("post_install", "-at_install")
class TestPortalEmployer(HttpCase):
    """An establishment's manager agrees on /my that their employees may be lent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager, cls.member = create_managed_member(
            cls.env, "t_employer", "EHPAD Employeur", password="t_employer_pwd"
        )
        cls.other_manager, cls.other_member = create_managed_member(
            cls.env, "t_other_employer", "EHPAD Autre", password="t_other_employer_pwd"
        )
        new_test_user(cls.env, "t_reservist_portal", password="t_reservist_pwd", groups="base.group_portal")
        Partner, Person = cls.env["res.partner"], cls.env["reserve.person"]
        cls.employee = Person.create(
            {
                "partner_id": Partner.create({"name": "Aide-soignante prêtée"}).id,
                "category": "lent_employee",
                "employer_id": cls.member.id,
            }
        )
        cls.other_employee = Person.create(
            {
                "partner_id": Partner.create({"name": "Salarié d'un autre"}).id,
                "category": "lent_employee",
                "employer_id": cls.other_member.id,
            }
        )

    def _post(self, url):
        return self.url_open(url, data={"csrf_token": http.Request.csrf_token(self)}, allow_redirects=False)

    def test_manager_sees_own_employees_only(self):
        self.authenticate("t_employer", "t_employer_pwd")
        page = self.url_open("/my/employees").text
        self.assertIn("Aide-soignante prêtée", page)
        self.assertNotIn("Salarié d'un autre", page)

    def test_manager_agrees_to_lend_an_employee(self):
        self.assertEqual(self.employee.employer_agreement, "pending")
        self.authenticate("t_employer", "t_employer_pwd")
        response = self._post(f"/my/employees/{self.employee.id}/agree")
        self.assertIn(response.status_code, (302, 303))
        self.employee.invalidate_recordset()
        self.assertEqual(self.employee.employer_agreement, "agreed")
        self.assertEqual(self.employee.employer_agreement_user_id, self.manager)

    def test_manager_refuses_to_lend_an_employee(self):
        self.authenticate("t_employer", "t_employer_pwd")
        self._post(f"/my/employees/{self.employee.id}/refuse")
        self.employee.invalidate_recordset()
        self.assertEqual(self.employee.employer_agreement, "refused")

    def test_manager_cannot_answer_for_another_establishments_employee(self):
        self.authenticate("t_employer", "t_employer_pwd")
        response = self._post(f"/my/employees/{self.other_employee.id}/agree")
        self.assertEqual(response.status_code, 404)
        self.other_employee.invalidate_recordset()
        self.assertEqual(self.other_employee.employer_agreement, "pending")

    def test_reservist_cannot_open_the_employees_page(self):
        self.authenticate("t_reservist_portal", "t_reservist_pwd")
        self.assertEqual(self.url_open("/my/employees").status_code, 404)
        response = self._post(f"/my/employees/{self.employee.id}/agree")
        self.assertEqual(response.status_code, 404)
        self.employee.invalidate_recordset()
        self.assertEqual(self.employee.employer_agreement, "pending")
