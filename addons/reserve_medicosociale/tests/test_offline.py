import http.client
import logging
import urllib.request
from contextlib import ExitStack, contextmanager
from unittest.mock import patch
from urllib.parse import urlsplit

import requests
from markupsafe import Markup

from odoo.exceptions import AccessError, UserError
from odoo.modules import module as odoo_module
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.iap.tools import iap_tools
from odoo.addons.reserve_medicosociale.models.mail_link_preview import LINK_PREVIEWS_PARAM

# Odoo also names its runbot level (25) "INFO": levels are given as numbers.
PUBLISHER_LOGGER = "odoo.addons.reserve_medicosociale.models.publisher_warranty_contract"
EXTERNAL_URL = "https://www.ehpad-les-tilleuls.example/actualites"
LINK_BODY = Markup('<p>Le programme de la semaine : <a href="%s">%s</a></p>') % (EXTERNAL_URL, EXTERNAL_URL)


@contextmanager
def outbound_calls(as_outside_tests=False, local_port=None):
    """Record every attempt to open a connection, and let none through.

    ``as_outside_tests`` runs the code as outside tests (Odoo's IAP code short-circuits while
    a test runs). ``local_port`` lets an HttpCase's own requests to its server on 127.0.0.1
    through, unrecorded: everything else is still recorded and refused.
    """
    calls = []
    local_prefixes = tuple(f"http://{host}:{local_port}/" for host in ("127.0.0.1", "localhost")) if local_port else ()

    def is_local(name, args):
        if not local_port:
            return False
        if name == "http.client connect":
            return args[0].host in ("127.0.0.1", "localhost") and args[0].port == local_port
        url = (
            args[2] if name == "requests.Session.request" else args[1] if name.startswith("urllib Opener") else args[0]
        )
        url = getattr(url, "full_url", url)
        return isinstance(url, str) and url.startswith(local_prefixes)

    def recorder(name, original):
        def record(*args, **kwargs):
            if is_local(name, args):
                return original(*args, **kwargs)
            calls.append((name, args, kwargs))
            raise requests.exceptions.ConnectionError(f"outbound call attempted: {name}")

        return record

    targets = [
        (requests, "post", "requests.post"),
        (requests, "get", "requests.get"),
        (requests.Session, "request", "requests.Session.request"),
        (urllib.request, "urlopen", "urllib.request.urlopen"),
        (urllib.request.OpenerDirector, "open", "urllib OpenerDirector.open"),
        (http.client.HTTPConnection, "connect", "http.client connect"),
    ]
    with ExitStack() as stack:
        if as_outside_tests:
            stack.enter_context(patch.object(odoo_module, "current_test", False))
        for owner, attribute, name in targets:
            stack.enter_context(patch.object(owner, attribute, recorder(name, getattr(owner, attribute))))
        yield calls


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
        with outbound_calls(as_outside_tests=True) as calls:
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

    # ------------------------------------------------------------------ link previews

    def _post_link(self):
        partner = self.env["res.partner"].create({"name": "EHPAD Les Tilleuls"})
        return partner.message_post(body=LINK_BODY, message_type="comment")

    def test_link_previews_are_off_by_default(self):
        self.assertFalse(self.env["res.config.settings"].create({}).reserve_link_previews)
        # The web client is told not to ask for previews at all.
        self.assertFalse(self.env["mail.link.preview"]._is_link_preview_enabled())

    def test_posting_a_link_fetches_nothing(self):
        message = self._post_link()
        with self._outbound_calls() as calls:
            # What /mail/link_preview runs once the web client has posted the message.
            self.env["mail.link.preview"].sudo()._create_from_message_and_notify(message)
            preview = self.env["mail.link.preview"]._search_or_create_from_url(EXTERNAL_URL)
        self.assertEqual(calls, [])
        self.assertFalse(message.message_link_preview_ids)
        self.assertFalse(preview)

    def test_the_recorder_sees_a_link_preview_once_allowed(self):
        # The control: with the setting on, Odoo's code goes out to the pasted URL.
        self.env["res.config.settings"].create({"reserve_link_previews": True}).execute()
        self.assertTrue(self.env["mail.link.preview"]._is_link_preview_enabled())
        message = self._post_link()
        with self._outbound_calls() as calls:
            self.env["mail.link.preview"].sudo()._create_from_message_and_notify(message)
        self.assertEqual(
            [(name, args[2]) for name, args, _kwargs in calls], [("requests.Session.request", EXTERNAL_URL)]
        )
        # The site did not answer (the recorder refused): no preview, and the message is kept.
        self.assertFalse(message.message_link_preview_ids)
        self.assertEqual(message.body, LINK_BODY)


@tagged("post_install", "-at_install")
class TestOfflineLinkPreviewRoutes(HttpCase):
    """The routes the web client calls for link previews (chatter, Discuss, editor) fetch
    nothing unless an administrator turned link previews on."""

    def setUp(self):
        super().setUp()
        self.admin = self.env.ref("base.user_admin")
        self.authenticate("admin", "admin")
        partner = self.env["res.partner"].create({"name": "EHPAD Les Tilleuls"})
        # Posted as the administrator, as from the chatter: the route previews only the author's messages.
        self.message = partner.with_user(self.admin).message_post(body=LINK_BODY, message_type="comment")
        self.port = urlsplit(self.base_url()).port

    def _request_previews(self):
        with outbound_calls(local_port=self.port) as calls:
            self.make_jsonrpc_request("/mail/link_preview", {"message_id": self.message.id})
            editor_preview = self.make_jsonrpc_request(
                "/html_editor/link_preview_external", {"preview_url": EXTERNAL_URL}
            )
        return calls, editor_preview

    def test_link_preview_routes_fetch_nothing_by_default(self):
        calls, editor_preview = self._request_previews()
        self.assertEqual(calls, [])
        self.assertFalse(editor_preview)
        self.assertFalse(self.message.message_link_preview_ids)

    def test_link_preview_routes_fetch_once_allowed(self):
        self.env["ir.config_parameter"].set_param(LINK_PREVIEWS_PARAM, "True")
        calls, editor_preview = self._request_previews()
        # One attempt by the chatter's route (a requests session), one by the editor's (requests.get).
        self.assertEqual(
            [(name, args[2] if name == "requests.Session.request" else args[0]) for name, args, _kwargs in calls],
            [("requests.Session.request", EXTERNAL_URL), ("requests.get", EXTERNAL_URL)],
        )
        self.assertFalse(editor_preview)
