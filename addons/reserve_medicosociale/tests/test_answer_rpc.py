from odoo.exceptions import AccessError
from odoo.service.model import call_kw, get_public_method
from odoo.tests import tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestAnswerOverRpc(ProposalCommon):
    """Over RPC (the dispatch of /json/2 and /web/dataset/call_kw), nobody answers a proposal
    or confirms an assignment in the person's name but a coordinator; the person answers with
    the signed links of the e-mails."""

    def setUp(self):
        super().setUp()
        self.proposal = self.need._send_proposals(self.portal_person)

    def _rpc(self, user, record, method):
        return call_kw(record.with_user(user), method, [record.ids], {})

    def _assignment(self):
        self.need._send_proposals(self.other_portal_person)._accept()
        return self.need.assignment_ids

    def test_person_cannot_accept_over_rpc(self):
        with self.assertRaises(AccessError):
            self._rpc(self.portal_user, self.proposal, "action_accept")
        self.assertEqual(self.proposal.state, "sent")
        self.assertFalse(self.need.assignment_ids)

    def test_person_cannot_decline_over_rpc(self):
        with self.assertRaises(AccessError):
            self._rpc(self.portal_user, self.proposal, "action_decline")
        self.assertEqual(self.proposal.state, "sent")

    def test_member_manager_cannot_accept_for_the_person(self):
        # The manager of the need's establishment reads the proposal (their record rule).
        self.assertTrue(self.proposal.with_user(self.manager).has_access("read"))
        with self.assertRaises(AccessError):
            self._rpc(self.manager, self.proposal, "action_accept")
        self.assertEqual(self.proposal.state, "sent")
        self.assertFalse(self.need.assignment_ids)

    def test_member_manager_cannot_decline_for_the_person(self):
        with self.assertRaises(AccessError):
            self._rpc(self.manager, self.proposal, "action_decline")
        self.assertEqual(self.proposal.state, "sent")

    def test_link_answers_are_private_over_rpc(self):
        Proposal = self.env["reserve.proposal"].with_user(self.portal_user)
        for method in (
            "_accept",
            "_decline",
            "_answer_from_link",
            "_answer_link_page",
            "_answer_token",
            "_answer_url",
            "_upcoming_assignment",
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                get_public_method(Proposal, method)

    def test_coordinator_accepts_for_the_person_over_rpc(self):
        self._rpc(self.coordinator, self.proposal, "action_accept")
        self.assertEqual(self.proposal.state, "accepted")
        self.assertEqual(self.need.assignment_ids.person_id, self.portal_person)

    def test_person_cannot_confirm_their_assignment_over_rpc(self):
        assignment = self._assignment()
        with self.assertRaises(AccessError):
            self._rpc(self.other_portal_user, assignment, "action_confirm")
        self.assertEqual(assignment.state, "planned")

    def test_member_manager_cannot_confirm_an_assignment_for_the_person(self):
        assignment = self._assignment()
        with self.assertRaises(AccessError):
            self._rpc(self.manager, assignment, "action_confirm")
        self.assertEqual(assignment.state, "planned")

    def test_link_confirmation_is_private_over_rpc(self):
        Assignment = self.env["reserve.assignment"].with_user(self.other_portal_user)
        for method in ("_confirm_from_link", "_confirm_link_page", "_confirm_token", "_calendar_file"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                get_public_method(Assignment, method)

    def test_coordinator_confirms_for_the_person_over_rpc(self):
        assignment = self._assignment()
        self._rpc(self.coordinator, assignment, "action_confirm")
        self.assertEqual(assignment.state, "confirmed")
