import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

GROUP_PREFIX = "reserve_medicosociale.reserve_medicosociale_group_"


@tagged("post_install", "-at_install")
class TestApiKeyIssue(TransactionCase):
    """An administrator issues API keys to the integration users of partner systems."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.integration = new_test_user(cls.env, "t_api_hr_software", groups=GROUP_PREFIX + "member_manager")
        cls.coordinator = new_test_user(cls.env, "t_api_coordinator", groups=GROUP_PREFIX + "coordinator")
        cls.portal = new_test_user(cls.env, "t_api_portal", groups="base.group_portal")

    def _wizard(self, user, **values):
        return (
            self.env["res.users.apikeys.issue"]
            .with_user(self.admin)
            .with_context(lang="en_US")
            .create({"user_id": user.id, "name": "Logiciel RH", **values})
        )

    def test_issued_key_authenticates_the_integration_user_until_its_date(self):
        action = self._wizard(self.integration)._issue_key()
        key = action["context"]["default_key"]
        self.assertEqual(action["res_model"], "res.users.apikeys.show")
        Keys = self.env["res.users.apikeys"]
        self.assertEqual(Keys._check_credentials(scope="rpc", key=key), self.integration.id)
        stored = Keys.search([("user_id", "=", self.integration.id)])
        self.assertEqual(stored.name, "Logiciel RH")
        self.assertEqual(
            stored.expiration_date.date(), datetime.date.today().replace(year=datetime.date.today().year + 1)
        )
        self.assertFalse(Keys._check_credentials(scope="rpc", key=key[:-1] + ("0" if key[-1] != "0" else "1")))

    def test_only_an_administrator_issues_keys(self):
        with self.assertRaises(AccessError):
            self.env["res.users.apikeys.issue"].with_user(self.coordinator).create(
                {"user_id": self.coordinator.id, "name": "Mine"}
            )

    def test_no_key_for_a_portal_user(self):
        with self.assertRaisesRegex(UserError, "portal user"):
            self._wizard(self.portal)._issue_key()

    def test_expiration_must_be_after_today(self):
        with self.assertRaisesRegex(UserError, "after today"):
            self._wizard(self.integration, expiration_date=datetime.date.today())

    def test_the_button_asks_the_administrators_password_first(self):
        # check_identity: outside an HTTP request (RPC without a session, a script) it refuses.
        with self.assertRaisesRegex(UserError, "HTTP"):
            self._wizard(self.integration).action_issue()
