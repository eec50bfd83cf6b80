import http.client
import logging
import urllib.request
from contextlib import contextmanager
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, UserError
from odoo.modules import module as odoo_module
from odoo.tests import TransactionCase, tagged

from odoo.addons.iap.tools import iap_tools

# Odoo also names its runbot level (25) "INFO": levels are given as numbers.
PUBLISHER_LOGGER = "odoo.addons.reserve_medicosociale.models.publisher_warranty_contract"


@tagged("post_install", "-at_install")
class TestOffline(TransactionCase):
    """The reserve never calls an outside service: not Odoo's publisher warranty server,
    not partner autocompletion, not IAP, even where Odoo would outside of tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.autocomplete_service = cls.env.ref("partner_autocomplete.iap_service_partner_autocomplete")
        # An existing account: iap.account.get() would otherwise create one in a new cursor.
        cls.account = cls.env["iap.account"].create({"service_id": cls.autocomplete_service.id})

    @contextmanager
    def _outbound_calls(self):
        """Run as outside tests (Odoo's IAP code short-circuits while a test runs) and record
        every attempt to open a connection; none is let through."""
        calls = []

        def recorder(name):
            def record(*args, **kwargs):
                calls.append((name, args, kwargs))
                raise requests.exceptions.ConnectionError(f"outbound call attempted: {name}")

            return record

        with (
            patch.object(odoo_module, "current_test", False),
            patch.object(requests, "post", recorder("requests.post")),
            patch.object(requests, "get", recorder("requests.get")),
            patch.object(requests.Session, "request", recorder("requests.Session.request")),
            patch.object(urllib.request, "urlopen", recorder("urllib.request.urlopen")),
            patch.object(urllib.request.OpenerDirector, "open", recorder("urllib OpenerDirector.open")),
            patch.object(http.client.HTTPConnection, "connect", recorder("http.client connect")),
        ):
            yield calls

    def test_the_recorder_sees_an_iap_call(self):
        # Without the reserve's overrides, Odoo's IAP helper goes out: the recorder catches it,
        # so that an empty record in the other tests means that nothing was attempted.
        with (
            self._outbound_calls() as calls,
            self.assertLogs("odoo.addons.iap.tools.iap_tools", "WARNING"),
            self.assertRaises(AccessError),
        ):
            iap_tools.iap_jsonrpc("https://iap.odoo.com/iap/1/balance", params={})
        self.assertEqual([name for name, _args, _kwargs in calls], ["requests.post"])

    # ------------------------------------------------------------------ publisher warranty

    def test_update_notification_cron_is_inactive_after_install(self):
        cron = self.env.ref("mail.ir_cron_module_update_notification")
        self.assertFalse(cron.active)

    def test_update_notification_never_phones_home(self):
        contract = self.env["publisher_warranty.contract"]
        with self._outbound_calls() as calls, self.assertLogs(PUBLISHER_LOGGER, logging.INFO) as logs:
            self.assertTrue(contract.update_notification(cron_mode=False))
        self.assertEqual(calls, [])
        self.assertIn("disabled: the reserve never phones home", logs.output[0])

    def test_update_notification_cron_code_never_phones_home(self):
        # What the cron runs, if an administrator turned it back on.
        cron = self.env.ref("mail.ir_cron_module_update_notification")
        with self._outbound_calls() as calls, self.assertLogs(PUBLISHER_LOGGER, logging.INFO):
            cron.ir_actions_server_id.run()
        self.assertEqual(calls, [])

    # ------------------------------------------------------------------ partner autocomplete

    def test_autocomplete_by_name_suggests_nothing_without_calling_out(self):
        with self._outbound_calls() as calls:
            suggestions = self.env["res.partner"].autocomplete_by_name("EHPAD Les Tilleuls", False)
        self.assertEqual(suggestions, [])
        self.assertEqual(calls, [])

    def test_autocomplete_by_vat_asks_neither_odoo_nor_vies(self):
        with self._outbound_calls() as calls:
            suggestions = self.env["res.partner"].autocomplete_by_vat("FR40303265045", False)
        self.assertEqual(suggestions, [])
        self.assertEqual(calls, [])

    def test_enrichment_says_why_without_calling_out(self):
        with self._outbound_calls() as calls:
            result = self.env["res.partner"].enrich_by_domain("ehpad-les-tilleuls.fr")
        self.assertEqual(calls, [])
        self.assertTrue(result["error"])
        self.assertEqual(result["error_message"], self.env["iap.autocomplete.api"]._disabled_message())

    def test_contact_iap_refuses_without_calling_out(self):
        with self._outbound_calls() as calls, self.assertRaises(UserError):
            self.env["iap.autocomplete.api"]._contact_iap("/api/dnb/1", "search_by_name", {"query": "EHPAD"})
        self.assertEqual(calls, [])

    def test_company_enrichment_is_done_without_calling_out(self):
        company = self.env["res.company"].create(
            {"name": "Association Renfort Manche", "email": "contact@renfort-manche.fr"}
        )
        company.iap_enrich_auto_done = False
        with self._outbound_calls() as calls:
            # As the web client calls it when an administrator logs in.
            company.with_user(self.env.ref("base.user_admin")).iap_enrich_auto()
        self.assertEqual(calls, [])
        # Marked done: the web client stops asking for it at each log-in.
        self.assertTrue(company.iap_enrich_auto_done)
        self.assertEqual(company.partner_id.email, "contact@renfort-manche.fr")

    def test_partner_and_company_forms_have_no_autocomplete_widget(self):
        for model in ("res.partner", "res.company"):
            arch = self.env[model].get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertNotIn("field_partner_autocomplete", arch, model)
            self.assertIn('name="name"', arch, model)

    def test_partner_autocomplete_setting_is_hidden(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertRegex(arch, r'<setting[^>]*id="partner_autocomplete"[^>]*invisible="(1|True)"')

    # ------------------------------------------------------------------ IAP accounts

    def test_opening_an_iap_account_fetches_nothing(self):
        with self._outbound_calls() as calls:
            data = self.account.web_read({"balance": {}, "service_id": {"fields": {"display_name": {}}}})
        self.assertEqual(calls, [])
        self.assertEqual(data[0]["service_id"]["id"], self.autocomplete_service.id)

    def test_iap_account_warning_settings_stay_local(self):
        with self._outbound_calls() as calls:
            self.account.write({"warning_threshold": 10.0, "warning_user_ids": [(6, 0, self.env.user.ids)]})
        self.assertEqual(calls, [])
        self.assertEqual(self.account.warning_threshold, 10.0)

    def test_iap_credits_are_none_without_asking(self):
        with self._outbound_calls() as calls:
            credits = self.env["iap.account"].get_credits("partner_autocomplete")
        self.assertEqual(calls, [])
        self.assertEqual(credits, 0)

    def test_buying_iap_credits_is_refused(self):
        with self._outbound_calls() as calls, self.assertRaises(UserError):
            self.account.action_buy_credits()
        self.assertEqual(calls, [])
