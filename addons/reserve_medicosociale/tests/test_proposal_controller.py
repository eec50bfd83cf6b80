from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import use_english_pages
from .email_link_common import EmailLinkMixin
from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestProposalController(EmailLinkMixin, HttpCase, ProposalCommon):
    """The accept / decline links, opened without a session: the page, then its button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)

    def setUp(self):
        super().setUp()
        self.proposals = self.need._send_proposals(self.reservists)
        self.proposal = self.proposals[0]

    def _path(self, proposal, action="accept", token=None):
        return f"/reserve/proposition/{proposal.id}/{action}/{token or proposal._answer_token(action)}"

    def test_good_token_accepts(self):
        response = self.press(self._path(self.proposal))
        self.assertEqual(response.status_code, 200)
        self.assertIn("you are expected", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "accepted")
        self.assertEqual(len(self.need.assignment_ids), 1)

    def test_reused_token_is_refused(self):
        self.press(self._path(self.proposal))
        response = self.press(self._path(self.proposal))
        self.assertEqual(response.status_code, 410)
        self.assertIn("can no longer be used", response.text)
        self.assertEqual(len(self.need.assignment_ids), 1)

    def test_tampered_token_is_refused(self):
        token = self.proposal._answer_token("accept")
        response = self.press(self._path(self.proposal, token=token[:-2] + ("00" if token[-2:] != "00" else "11")))
        self.assertEqual(response.status_code, 403)
        self.assertIn("This link is not valid", response.text)
        self.assertNotIn("Traceback", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "sent")

    def test_extended_expiry_in_token_is_refused(self):
        token = self.proposal._answer_token("accept")
        _expiry, _sep, signature = token.partition("-")
        later = int(_expiry) + 86400
        response = self.press(self._path(self.proposal, token=f"{later}-{signature}"))
        self.assertEqual(response.status_code, 403)

    def test_expired_token_is_refused(self):
        self.proposal.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        response = self.press(self._path(self.proposal))
        self.assertEqual(response.status_code, 410)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "sent")

    def test_another_persons_token_is_refused(self):
        other = self.proposals[1]
        response = self.press(self._path(self.proposal, token=other._answer_token("accept")))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.need.assignment_ids)

    def test_unknown_action_is_refused(self):
        response = self.press(self._path(self.proposal, action="delete"))
        self.assertEqual(response.status_code, 403)

    def test_decline_works(self):
        response = self.press(self._path(self.proposal, action="decline"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your answer is recorded", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "declined")

    def test_late_acceptor_is_told_politely(self):
        self.need.headcount = 1
        self.press(self._path(self.proposals[0]))
        response = self.press(self._path(self.proposals[1]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("already filled", response.text)
        self.proposals[1].invalidate_recordset()
        self.assertEqual(self.proposals[1].state, "too_late")

    def test_my_proposals_needs_login_and_shows_own_only(self):
        response = self.url_open("/my/proposals", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.authenticate("t_portal", "t_portal")
        response = self.url_open("/my/proposals")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.need.name, response.text)
        self.authenticate("t_portal", "t_portal")
        response = self.url_open("/my/assignments")
        self.assertEqual(response.status_code, 200)

    # ------------------------------------------------------------------ the page before the button

    def _assert_unanswered(self, proposal):
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "sent")
        self.assertFalse(proposal.answer_date)
        self.assertFalse(self.need.assignment_ids)

    def _assert_need_details(self, html):
        """The page says what is answered: establishment, address, Paris times, job, contract type."""
        paris = ZoneInfo("Europe/Paris")
        start = self.need.date_start.replace(tzinfo=UTC).astimezone(paris)
        stop = self.need.date_stop.replace(tzinfo=UTC).astimezone(paris)
        for text in (
            "EHPAD Test Les Pins",
            self.commune_cherbourg.name,
            f"{start:%H:%M}",
            f"{stop:%H:%M}",
            "Aide-soignant test",
            self.loan.name,
        ):
            self.assertIn(text, html)

    def test_opening_accept_link_shows_the_need_and_changes_nothing(self):
        response = self.url_open(self._path(self.proposal))
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-answer="confirm"', response.text)
        self.assertIn('name="csrf_token"', response.text)
        self._assert_need_details(response.text)
        self._assert_unanswered(self.proposal)

    def test_opening_decline_link_shows_the_need_and_changes_nothing(self):
        response = self.url_open(self._path(self.proposal, action="decline"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("I decline this proposal", response.text)
        self._assert_need_details(response.text)
        self._assert_unanswered(self.proposal)

    def test_head_on_accept_link_changes_nothing(self):
        response = self.url_open(self._path(self.proposal), method="HEAD")
        self.assertEqual(response.status_code, 200)
        self._assert_unanswered(self.proposal)

    def test_head_on_decline_link_changes_nothing(self):
        response = self.url_open(self._path(self.proposal, action="decline"), method="HEAD")
        self.assertEqual(response.status_code, 200)
        self._assert_unanswered(self.proposal)

    def test_post_without_csrf_token_changes_nothing_and_shows_the_page_again(self):
        response = self.url_open(self._path(self.proposal), data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("press the button again", response.text)
        self._assert_unanswered(self.proposal)

    # ------------------------------------------------------------------ one token per answer

    def test_decline_token_cannot_accept(self):
        token = self.proposal._answer_token("decline")
        response = self.press(self._path(self.proposal, action="accept", token=token))
        self.assertEqual(response.status_code, 403)
        self._assert_unanswered(self.proposal)

    def test_accept_token_cannot_decline(self):
        token = self.proposal._answer_token("accept")
        response = self.press(self._path(self.proposal, action="decline", token=token))
        self.assertEqual(response.status_code, 403)
        self._assert_unanswered(self.proposal)

    def _old_format_token(self, proposal):
        """The token of the e-mails sent before the action was signed."""
        return proposal._legacy_answer_token(int(proposal.expiry_date.replace(tzinfo=UTC).timestamp()))

    def test_old_format_token_lands_on_the_page_and_changes_nothing(self):
        response = self.url_open(self._path(self.proposal, token=self._old_format_token(self.proposal)))
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-answer="confirm"', response.text)
        self._assert_unanswered(self.proposal)

    def test_old_format_token_still_accepts_with_the_button(self):
        response = self.press(self._path(self.proposal, token=self._old_format_token(self.proposal)))
        self.assertEqual(response.status_code, 200)
        self.assertIn("you are expected", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "accepted")

    def test_old_format_token_still_declines_with_the_button(self):
        token = self._old_format_token(self.proposal)
        response = self.press(self._path(self.proposal, action="decline", token=token))
        self.assertEqual(response.status_code, 200)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "declined")

    # ------------------------------------------------------------------ the page after the button

    def test_page_after_accepting_repeats_the_need(self):
        response = self.press(self._path(self.proposal))
        self.assertIn('data-answer="accepted"', response.text)
        self._assert_need_details(response.text)

    def test_reloading_the_page_after_accepting_shows_the_acceptance_again(self):
        self.press(self._path(self.proposal))
        response = self.url_open(self._path(self.proposal))
        self.assertEqual(response.status_code, 200)
        self.assertIn("you are expected", response.text)
        self.assertEqual(len(self.need.assignment_ids), 1)

    def test_page_after_accepting_offers_the_calendar_file(self):
        path = self._path(self.proposal)
        response = self.press(path)
        self.assertIn(f'href="{path}/calendar.ics"', response.text)
        calendar = self.url_open(f"{path}/calendar.ics")
        self.assertEqual(calendar.status_code, 200)
        self.assertTrue(calendar.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn("BEGIN:VCALENDAR", calendar.text)
        start = self.need.date_start.strftime("%Y%m%dT%H%M%S")
        self.assertIn(f"DTSTART:{start}Z", calendar.text)
        self.assertIn(f"LOCATION:{self.commune_cherbourg.name}", calendar.text)

    def test_calendar_file_needs_the_accept_token(self):
        self.press(self._path(self.proposal))
        token = self.proposal._answer_token("decline")
        response = self.url_open(f"/reserve/proposition/{self.proposal.id}/accept/{token}/calendar.ics")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("BEGIN:VCALENDAR", response.text)

    def test_no_calendar_file_before_accepting(self):
        response = self.url_open(f"{self._path(self.proposal)}/calendar.ics")
        self.assertEqual(response.status_code, 404)
        self._assert_unanswered(self.proposal)
