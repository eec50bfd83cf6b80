import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from freezegun import freeze_time
from werkzeug.urls import url_join

from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.matching_common import NOW, MatchingCommon
from odoo.addons.reserve_medicosociale.tools.sms_local import SmsApiLocal
from odoo.addons.sms_twilio.tools.sms_api import SmsApiTwilio

TWILIO = "https://api.twilio.com"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "reserve-test-token"


class FakeTwilio(BaseHTTPRequestHandler):
    """Twilio's Messages API on 127.0.0.1: records each request, answers as Twilio does."""

    requests = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        FakeTwilio.requests.append({"path": self.path, "form": form, "auth": self.headers.get("Authorization")})
        body = json.dumps(
            {"sid": f"SMreserve{len(FakeTwilio.requests):04d}", "status": "queued", "to": form.get("To")}
        ).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestTwilio(MatchingCommon, HttpCase):
    """Odoo's sms_twilio as the reserve's real provider: chosen in the reserve's settings, it
    sends urgent proposals through Twilio's API (a fake Twilio on 127.0.0.1 here: Odoo's
    tests block every outside request, and the requests for api.twilio.com are sent to it);
    the local provider stays the default."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.need.urgency = "today"
        cls.need.action_open()
        cls.person = cls._person("Léa Texto", phone="06 12 34 56 78")
        cls.person.partner_id.lang = "fr_FR"
        cls.person._set_channels(True, True)

    @classmethod
    def _request_handler(cls, session, request, **kwargs):
        # At the boundary: Twilio's URL (hard-coded in sms_twilio) goes to the fake Twilio.
        if request.url.startswith(TWILIO + "/"):
            request.url = f"http://127.0.0.1:{cls.server.server_port}" + request.url[len(TWILIO) :]
        return super()._request_handler(session, request, **kwargs)

    def setUp(self):
        super().setUp()
        FakeTwilio.requests = []

    def _choose_twilio(self):
        """What an administrator does in the reserve's settings and sms_twilio's wizard."""
        settings = self.env["res.config.settings"].create({"sms_provider": "twilio"})
        settings.execute()
        self.env.company.sudo().write(
            {
                "sms_twilio_account_sid": ACCOUNT_SID,
                "sms_twilio_auth_token": AUTH_TOKEN,
                "sms_twilio_number_ids": [(0, 0, {"country_id": self.env.ref("base.fr").id, "number": "+33700000001"})],
            }
        )

    def _sms(self):
        return self.env["sms.sms"].sudo().search([("number", "=", "+33612345678")])

    def test_the_local_provider_stays_the_default(self):
        self.assertEqual(self.env.company.sms_provider, "iap")
        self.assertIs(self.env.company._get_sms_api_class(), SmsApiLocal)
        self.need._send_proposals(self.person)
        self.assertEqual(self._sms().state, "sent")
        self.assertEqual(FakeTwilio.requests, [], "the local provider sent nothing out")

    def test_choosing_twilio_in_the_settings_sends_the_french_sms_through_twilio(self):
        self._choose_twilio()
        self.assertEqual(self.env.company.sms_provider, "twilio")
        self.assertIs(self.env.company._get_sms_api_class(), SmsApiTwilio)
        self.need._send_proposals(self.person)
        self.assertEqual(len(FakeTwilio.requests), 1)
        sent = FakeTwilio.requests[0]
        self.assertEqual(sent["path"], f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")
        self.assertEqual(sent["form"]["To"], "+33612345678")
        self.assertEqual(sent["form"]["From"], "+33700000001")
        self.assertIn("Renfort urgent", sent["form"]["Body"])
        self.assertIn(self.job.name, sent["form"]["Body"])
        proposal = self.need.proposal_ids.filtered(lambda p: p.person_id == self.person)
        self.assertIn(f"/s/{proposal.sudo().sms_code}", sent["form"]["Body"])
        expected_auth = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        self.assertEqual(sent["auth"], f"Basic {expected_auth}")
        sms = self._sms()
        # Accepted by Twilio, waiting for its delivery report (sms_twilio's status callback).
        self.assertEqual(sms.state, "pending")
        self.assertFalse(sms.failure_type)

    def test_a_person_without_sms_consent_gets_nothing_through_twilio(self):
        self._choose_twilio()
        self.person._set_channels(True, False)
        self.need._send_proposals(self.person)
        self.assertEqual(FakeTwilio.requests, [])

    def test_the_settings_offer_local_and_twilio_never_iap(self):
        labels = dict(self.env["res.company"]._fields["sms_provider"]._description_selection(self.env))
        self.assertEqual(set(labels), {"iap", "twilio"})
        self.assertIn("local", labels["iap"])
        view = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="sms_provider"', view)
        self.assertIn("action_open_sms_twilio_account_manage", view)


@tagged("post_install", "-at_install")
class TestTwilioReplies(HttpCase):
    """A reply STOP posted by Twilio to /reserve/sms/inbound, signed with the account's token,
    stops the person's SMS; a forged one is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.sudo().write(
            {"sms_provider": "twilio", "sms_twilio_account_sid": ACCOUNT_SID, "sms_twilio_auth_token": AUTH_TOKEN}
        )
        partner = cls.env["res.partner"].create({"name": "Léa Réponse", "email": "lea.reponse@example.com"})
        cls.person = cls.env["reserve.person"].create(
            {"partner_id": partner.id, "category": "jobseeker", "phone": "06 12 34 56 78"}
        )
        cls.person._set_channels(True, True)

    def _post_reply(self, body, signature=None):
        form = {"From": "+33612345678", "Body": body}
        url = url_join(self.env.company.get_base_url(), "/reserve/sms/inbound")
        data = url + "".join(f"{key}{value}" for key, value in sorted(form.items()))
        expected = base64.b64encode(hmac.new(AUTH_TOKEN.encode(), data.encode(), hashlib.sha1).digest()).decode()
        return self.url_open("/reserve/sms/inbound", data=form, headers={"X-Twilio-Signature": signature or expected})

    def test_a_signed_stop_reply_from_twilio_stops_the_sms(self):
        self.assertEqual(self._post_reply("STOP").status_code, 200)
        self.assertFalse(self.person.notify_by_sms)
        self.assertTrue(self.person.sms_stop_date)

    def test_a_reply_with_a_wrong_signature_is_refused(self):
        self.assertEqual(self._post_reply("STOP", signature="forged").status_code, 404)
        self.assertTrue(self.person.notify_by_sms)
