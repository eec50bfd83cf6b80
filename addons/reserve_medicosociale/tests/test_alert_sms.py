from freezegun import freeze_time

from odoo import http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.sms_local import SmsApiLocal
from .matching_common import NOW, MatchingCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestAlertSms(MatchingCommon):
    """Urgent proposals go by SMS through the local provider, to the people who chose SMS."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.need.urgency = "today"
        cls.need.action_open()
        cls.with_sms = cls._person("Léa Texto", phone="06 12 34 56 78")
        cls.with_sms._set_channels(True, True)
        cls.sms_only = cls._person("Marc Texto", phone="+33 6 98 76 54 32")
        cls.sms_only._set_channels(False, True)
        cls.without_consent = cls._person("Paul Courriel", phone="06 11 22 33 44")

    def _sms_to(self, number):
        return self.env["sms.sms"].sudo().search([("number", "=", number)])

    def test_the_default_provider_is_local_never_iap(self):
        self.assertIs(self.env.company._get_sms_api_class(), SmsApiLocal)

    def test_urgent_proposal_goes_by_sms_through_the_local_provider(self):
        self.need._send_proposals(self.with_sms | self.sms_only | self.without_consent)
        sms = self._sms_to("+33612345678")
        self.assertEqual(len(sms), 1)
        # Recorded as sent, kept on the list: nothing left the machine.
        self.assertEqual(sms.state, "sent")
        # In the person's language: French when it is loaded.
        urgent = "Renfort urgent" if self.with_sms.partner_id.lang == "fr_FR" else "Urgent reinforcement"
        self.assertIn(urgent, sms.body)
        self.assertIn(self.job.name, sms.body)
        proposal = self.need.proposal_ids.filtered(lambda p: p.person_id == self.with_sms)
        self.assertIn(f"/s/{proposal.sudo().sms_code}", sms.body)
        self.assertLessEqual(len(sms.body), 200)
        self.assertTrue(self._sms_to("+33698765432"))
        self.assertIn("sent by SMS", self.with_sms.message_ids[0].body)
        self.assertIn("Léa T.", self.need.message_ids[0].body)
        # The SMS's link is no note of the need or the person.
        self.assertNotIn("/s/", self.need.message_ids[0].body)

    def test_a_person_without_sms_consent_gets_none(self):
        self.need._send_proposals(self.without_consent)
        self.assertFalse(self._sms_to("+33611223344"))
        self.assertFalse(self.env["sms.sms"].sudo().search([("partner_id", "=", self.without_consent.partner_id.id)]))

    def test_urgent_proposal_goes_by_every_channel_chosen(self):
        Mail = self.env["mail.mail"].sudo()
        self.need._send_proposals(self.with_sms | self.sms_only)
        mails = Mail.search([("model", "=", "reserve.proposal"), ("res_id", "in", self.need.proposal_ids.ids)])
        self.assertEqual(mails.recipient_ids, self.with_sms.partner_id)

    def test_a_need_that_is_not_urgent_goes_by_e_mail_only(self):
        self.need.urgency = "week"
        self.need._send_proposals(self.with_sms | self.sms_only)
        self.assertFalse(self._sms_to("+33612345678"))
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "reserve.proposal"), ("res_id", "in", self.need.proposal_ids.ids)])
        )
        self.assertEqual(mails.recipient_ids, self.with_sms.partner_id | self.sms_only.partner_id)

    def test_stop_reply_stops_sms(self):
        stopped = self.env["reserve.person"]._sms_stop_from_number("+33612345678")
        self.assertEqual(stopped, self.with_sms)
        self.assertFalse(self.with_sms.notify_by_sms)
        self.assertTrue(self.with_sms.sms_stop_date)
        self.need._send_proposals(self.with_sms)
        self.assertFalse(self._sms_to("+33612345678"))

    def test_channels_need_one_way_and_a_mobile_for_sms(self):
        person = self.without_consent
        person.user_id = self.env["res.users"].create(
            {"name": "Paul", "login": "t_paul_sms", "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)]}
        )
        with self.assertRaises(UserError):
            person.with_user(person.user_id)._portal_set_channels(False, False)
        person.phone = False
        with self.assertRaises(UserError):
            person.with_user(person.user_id)._portal_set_channels(True, True)


@tagged("post_install", "-at_install")
class TestAlertSmsLink(HttpCase):
    def test_short_link_shows_the_accept_page_and_never_answers(self):
        env = self.env
        member = env["res.partner"].create(
            {
                "name": "EHPAD Lien Court",
                "is_company": True,
                "member_state": "member",
                "commune_id": env.ref("reserve_medicosociale.commune_50129").id,
            }
        )
        need = env["reserve.need"].create(
            {
                "establishment_id": member.id,
                "job_id": env.ref("reserve_medicosociale.job_aide_soignant").id,
                "contract_type_ids": [(6, 0, env.ref("reserve_medicosociale.contract_type_fixed_term").ids)],
                "urgency": "today",
                "shift_ids": [(0, 0, {"start": "2031-07-15 06:00:00", "stop": "2031-07-15 13:00:00"})],
            }
        )
        person = env["reserve.person"].create(
            {"partner_id": env["res.partner"].create({"name": "Lien Court"}).id, "category": "jobseeker"}
        )
        proposal = env["reserve.proposal"].create(
            {"need_id": need.id, "person_id": person.id, "expiry_date": "2031-07-14 00:00:00"}
        )
        code = proposal._short_url().rsplit("/s/", 1)[1]
        response = self.url_open(f"/s/{code}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/reserve/proposition/{proposal.id}/accept/", response.headers["Location"])
        self.assertEqual(proposal.state, "sent")
        self.assertEqual(self.url_open("/s/not-a-code").status_code, 403)

    def test_sms_replies_are_refused_without_a_real_provider(self):
        # No Twilio account, no signature to check: nobody can stop someone else's SMS.
        response = self.url_open("/reserve/sms/inbound", data={"From": "+33612345678", "Body": "STOP"})
        self.assertEqual(response.status_code, 404)

    def test_the_person_chooses_sms_on_the_portal_and_stops_them(self):
        user = new_test_user(self.env, "t_sms_portal", password="t_sms_portal_pwd", groups="base.group_portal")
        user.partner_id.phone = "06 12 12 12 12"
        person = self.env["reserve.person"].create(
            {"partner_id": user.partner_id.id, "user_id": user.id, "category": "jobseeker"}
        )
        self.authenticate("t_sms_portal", "t_sms_portal_pwd")
        csrf = http.Request.csrf_token(self)
        response = self.url_open(
            "/my/reserve/channels",
            data={"csrf_token": csrf, "notify_by_email": "1", "notify_by_sms": "1"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(person.notify_by_sms)
        self.assertTrue(person.sms_consent_date)
        # No channel at all: refused with a message, nothing changed.
        response = self.url_open("/my/reserve/channels", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 400)
        person.invalidate_recordset()
        self.assertTrue(person.notify_by_sms)
        # Unticking SMS stops them.
        self.url_open("/my/reserve/channels", data={"csrf_token": csrf, "notify_by_email": "1"})
        person.invalidate_recordset()
        self.assertFalse(person.notify_by_sms)
        self.assertTrue(person.sms_stop_date)
