from odoo.exceptions import UserError
from odoo.tests import tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestNeedMatchSend(ProposalCommon):
    """The coordinator asks people from the ranked list."""

    def _wizard(self, ticked=()):
        return self.env["reserve.need.match"].create(
            {
                "need_id": self.need.id,
                "line_ids": [
                    (0, 0, {"sequence": rank, "person_id": person.id, "score": 50, "is_selected": person in ticked})
                    for rank, person in enumerate(self.reservists, start=1)
                ],
            }
        )

    def test_ticked_people_are_asked(self):
        ticked = self.reservists[1] | self.reservists[3]
        self._wizard(ticked).action_send_selected()
        self.assertEqual(self.need.proposal_ids.person_id, ticked)
        self.assertEqual(set(self.need.proposal_ids.mapped("state")), {"sent"})

    def test_top_of_the_list_is_asked(self):
        wizard = self._wizard()
        wizard.top_n = 2
        wizard.action_send_top()
        self.assertEqual(self.need.proposal_ids.person_id, self.reservists[:2])

    def test_nothing_ticked_is_refused(self):
        with self.assertRaisesRegex(UserError, "Tick the people"):
            self._wizard().action_send_selected()
        self.assertFalse(self.need.proposal_ids)

    def test_zero_wave_is_refused(self):
        wizard = self._wizard()
        wizard.top_n = 0
        with self.assertRaisesRegex(UserError, "one person at least"):
            wizard.action_send_top()
