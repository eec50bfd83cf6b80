from odoo.tests import HttpCase, tagged

from .common import use_english_pages
from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestProposalTour(HttpCase, ProposalCommon):
    """A reservist accepts a proposal from the e-mail's link, then finds it in their space."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.portal_user.partner_id.lang = "en_US"

    def test_reservist_accepts_from_the_link_then_sees_the_assignment(self):
        proposal = self.need._send_proposals(self.portal_person)
        self.assertEqual(proposal.state, "sent")
        # The path of the link of the e-mail, as reserve.proposal builds it.
        path = proposal._answer_url("accept").removeprefix(proposal.get_base_url())
        self.assertTrue(path.startswith(f"/reserve/proposition/{proposal.id}/accept/"))

        self.start_tour(path, "reserve_proposal_accept_tour")

        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "accepted")
        self.assertTrue(proposal.answer_date)
        assignment = self.env["reserve.assignment"].search([("proposal_id", "=", proposal.id)])
        self.assertEqual(len(assignment), 1)
        self.assertEqual(assignment.person_id, self.portal_person)
        self.assertEqual(assignment.need_id, self.need)
        self.assertEqual(assignment.state, "planned")
        self.assertEqual(self.need.filled_count, 1)
        self.assertEqual(self.need.state, "partly_filled")
