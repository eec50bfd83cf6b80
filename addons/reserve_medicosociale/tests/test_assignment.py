from odoo.exceptions import AccessError
from odoo.tests import tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestAssignment(ProposalCommon):
    def _assignment(self, person=None):
        proposal = self.need._send_proposals(person or self.portal_person)
        proposal._accept()
        return proposal.need_id.assignment_ids.filtered(lambda a: a.proposal_id == proposal)

    def test_accepted_proposal_becomes_an_assignment(self):
        assignment = self._assignment()
        self.assertEqual(assignment.person_id, self.portal_person)
        self.assertEqual(assignment.establishment_id, self.member)
        self.assertEqual(assignment.contract_type_id, self.loan)
        self.assertEqual(assignment.state, "planned")
        self.assertEqual(assignment.date_start, self.need.date_start)

    def test_assignment_has_a_calendar_event_with_person_and_establishment(self):
        assignment = self._assignment()
        event = assignment.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, self.need.date_start)
        self.assertEqual(event.partner_ids, self.portal_person.partner_id | self.member)

    def test_calendar_invitation_is_queued_not_sent(self):
        assignment = self._assignment()
        self.env["reserve.assignment"]._send_pending_notifications()
        messages = self.env["mail.message"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", assignment.calendar_event_id.id)]
        )
        mails = messages.mail_ids
        self.assertTrue(mails)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    def test_establishment_is_told_who_comes_with_verified_qualifications(self):
        self.env["reserve.person.qualification"].create(
            {
                "person_id": self.portal_person.id,
                "qualification_id": self.qualification_deas.id,
                "state": "verified",
            }
        )
        assignment = self._assignment()
        self.env["reserve.assignment"]._send_pending_notifications()
        message = assignment.message_ids.filtered(lambda m: self.member in m.partner_ids)
        self.assertTrue(message)
        self.assertIn(self.portal_person.name, message[0].body)
        self.assertIn(self.qualification_deas.name, message[0].body)

    def test_cancelling_an_assignment_reopens_the_seat(self):
        self.need.headcount = 1
        assignment = self._assignment()
        self.assertEqual(self.need.state, "filled")
        assignment.action_cancel()
        self.assertEqual(self.need.filled_count, 0)
        self.assertEqual(self.need.state, "open")
        self.assertFalse(assignment.calendar_event_id.active)

    def test_after_the_shift_done_with_hours_rating_and_comment(self):
        assignment = self._assignment()
        assignment.with_user(self.manager).action_done()
        self.assertEqual(assignment.state, "done")
        self.assertEqual(assignment.hours_worked, 8)
        assignment.with_user(self.manager).write({"rating": "4", "rating_comment": "Ponctuelle et attentive."})
        self.assertEqual(assignment.rating, "4")

    def test_member_manager_cannot_move_an_assignment_to_another_person(self):
        assignment = self._assignment()
        with self.assertRaises(AccessError):
            assignment.with_user(self.manager).write({"person_id": self.other_portal_person.id})

    def test_outcome_only_through_the_buttons(self):
        """Writing the state directly would skip what the buttons do (event archived, seat reopened)."""
        assignment = self._assignment()
        for user in (self.manager, self.coordinator):
            with self.assertRaisesRegex(AccessError, "only through its buttons"):
                assignment.with_user(user).write({"state": "cancelled"})
        self.assertEqual(assignment.state, "planned")
        with self.assertRaises(AccessError):
            assignment.with_user(self.other_manager).action_cancel()
        assignment.with_user(self.manager).action_cancel()
        self.assertFalse(assignment.calendar_event_id.active)

    def test_no_show(self):
        assignment = self._assignment()
        assignment.action_no_show()
        self.assertEqual(assignment.state, "no_show")
        self.assertEqual(assignment.hours_worked, 0)

    def test_member_manager_sees_the_assigned_person(self):
        assignment = self._assignment()
        self.assertEqual(assignment.with_user(self.manager).person_id.name, self.portal_person.name)

    def test_other_member_manager_cannot_read_the_assignment(self):
        assignment = self._assignment()
        with self.assertRaises(AccessError):
            assignment.with_user(self.other_manager).check_access("read")

    def test_portal_user_sees_own_assignments_only(self):
        mine = self._assignment()
        self._assignment(self.other_portal_person)
        self.assertEqual(self.env["reserve.assignment"].with_user(self.portal_user).search([]), mine)

    def test_smart_button_counts(self):
        self._assignment()
        self.assertEqual(self.portal_person.assignment_count, 1)
        self.assertEqual(self.portal_person.proposal_count, 1)
        self.assertEqual(self.member.with_user(self.manager).reserve_assignment_count, 1)
        self.assertEqual(self.member.with_user(self.manager).reserve_need_count, 1)
