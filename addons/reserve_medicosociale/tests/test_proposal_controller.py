from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import use_english_pages
from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestProposalController(HttpCase, ProposalCommon):
    """The one-click accept / decline links, opened without a session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)

    def setUp(self):
        super().setUp()
        self.proposals = self.need._send_proposals(self.reservists)
        self.proposal = self.proposals[0]

    def _path(self, proposal, action="accept", token=None):
        return f"/reserve/proposition/{proposal.id}/{action}/{token or proposal._answer_token()}"

    def test_good_token_accepts(self):
        response = self.url_open(self._path(self.proposal))
        self.assertEqual(response.status_code, 200)
        self.assertIn("you are expected", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "accepted")
        self.assertEqual(len(self.need.assignment_ids), 1)

    def test_reused_token_is_refused(self):
        self.url_open(self._path(self.proposal))
        response = self.url_open(self._path(self.proposal))
        self.assertEqual(response.status_code, 410)
        self.assertIn("can no longer be used", response.text)
        self.assertEqual(len(self.need.assignment_ids), 1)

    def test_tampered_token_is_refused(self):
        token = self.proposal._answer_token()
        response = self.url_open(self._path(self.proposal, token=token[:-2] + ("00" if token[-2:] != "00" else "11")))
        self.assertEqual(response.status_code, 403)
        self.assertIn("This link is not valid", response.text)
        self.assertNotIn("Traceback", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "sent")

    def test_extended_expiry_in_token_is_refused(self):
        token = self.proposal._answer_token()
        _expiry, _sep, signature = token.partition("-")
        later = int(_expiry) + 86400
        response = self.url_open(self._path(self.proposal, token=f"{later}-{signature}"))
        self.assertEqual(response.status_code, 403)

    def test_expired_token_is_refused(self):
        self.proposal.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        response = self.url_open(self._path(self.proposal))
        self.assertEqual(response.status_code, 410)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "sent")

    def test_another_persons_token_is_refused(self):
        other = self.proposals[1]
        response = self.url_open(self._path(self.proposal, token=other._answer_token()))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.need.assignment_ids)

    def test_unknown_action_is_refused(self):
        response = self.url_open(self._path(self.proposal, action="delete"))
        self.assertEqual(response.status_code, 403)

    def test_decline_works(self):
        response = self.url_open(self._path(self.proposal, action="decline"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your answer is recorded", response.text)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "declined")

    def test_late_acceptor_is_told_politely(self):
        self.need.headcount = 1
        self.url_open(self._path(self.proposals[0]))
        response = self.url_open(self._path(self.proposals[1]))
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
