"""Holes found by trying the roles from outside after the trust work: each test is one of
them, as the least-privileged user who tried it."""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestReservistContactsElsewhere(ProposalCommon):
    """A reservist's e-mail and phone were read through an attendee or a follower that the
    user made themselves."""

    def _event(self, user, **values):
        start = datetime(2027, 2, 5, 10, 0)
        return (
            self.env["calendar.event"]
            .with_user(user)
            .create({"name": "Réunion", "start": start, "stop": start + timedelta(hours=1), **values})
        )

    def test_authority_cannot_invite_a_reservist_to_read_their_contact(self):
        with self.assertRaises(AccessError):
            self._event(self.authority, partner_ids=[Command.link(self.portal_person.partner_id.id)])

    def test_trainer_cannot_add_a_reservist_as_attendee(self):
        event = self._event(self.trainer)
        with self.assertRaises(AccessError):
            self.env["calendar.attendee"].with_user(self.trainer).create(
                {"event_id": event.id, "partner_id": self.portal_person.partner_id.id}
            )

    def test_attendee_lines_of_reservists_are_hidden_from_who_cannot_read_them(self):
        event = self._event(self.trainer)
        self.env["calendar.attendee"].create({"event_id": event.id, "partner_id": self.portal_person.partner_id.id})
        found = self.env["calendar.attendee"].with_user(self.trainer).search([("event_id", "=", event.id)])
        self.assertNotIn(self.portal_person.partner_id, found.partner_id)

    def test_manager_invites_their_own_employee(self):
        event = self._event(self.manager, partner_ids=[Command.link(self.employee.partner_id.id)])
        self.assertIn(self.employee.partner_id, event.partner_ids)

    def test_manager_cannot_read_a_reservist_follower_they_subscribed(self):
        self.need.with_user(self.manager).message_subscribe(partner_ids=self.other_portal_person.partner_id.ids)
        followers = (
            self.env["mail.followers"]
            .with_user(self.manager)
            .search([("res_model", "=", "reserve.need"), ("res_id", "=", self.need.id)])
        )
        self.assertNotIn(self.other_portal_person.partner_id, followers.partner_id)


@tagged("post_install", "-at_install")
class TestPostingInOwnName(ProposalCommon):
    def test_manager_cannot_post_as_the_coordinator(self):
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).message_post(
                body="Votre profil est suspendu.", author_id=self.coordinator.partner_id.id, message_type="comment"
            )

    def test_manager_cannot_post_from_another_address(self):
        message = self.need.with_user(self.manager).message_post(
            body="Bonjour", email_from=self.coordinator.partner_id.email_formatted, message_type="comment"
        )
        self.assertEqual(message.author_id, self.manager.partner_id)

    def test_manager_posts_in_own_name(self):
        message = self.need.with_user(self.manager).message_post(body="Badge à l'accueil.", message_type="comment")
        self.assertEqual(message.author_id, self.manager.partner_id)

    def test_coordinator_may_log_a_message_from_someone(self):
        message = self.employee.with_user(self.coordinator).message_post(
            body="Appel reçu.", author_id=self.employee.partner_id.id, message_type="comment"
        )
        self.assertEqual(message.author_id, self.employee.partner_id)


@tagged("post_install", "-at_install")
class TestRankedListOnlyFromTheRanking(ProposalCommon):
    def test_manager_cannot_type_people_into_a_ranked_list(self):
        with self.assertRaises(AccessError):
            self.env["reserve.need.match"].with_user(self.manager).create(
                {"need_id": self.need.id, "line_ids": [Command.create({"person_id": self.other_portal_person.id})]}
            )

    def test_manager_cannot_add_a_line_to_their_list(self):
        wizard = self.env["reserve.need.match"].with_user(self.manager).create({"need_id": self.need.id})
        with self.assertRaises(AccessError):
            self.env["reserve.need.match.line"].with_user(self.manager).create(
                {"wizard_id": wizard.id, "person_id": self.other_portal_person.id}
            )


@tagged("post_install", "-at_install")
class TestArchiveInOwnName(ProposalCommon):
    def test_manager_cannot_archive_an_employee(self):
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).action_archive_profile(reason="Archivé par le directeur")
        self.assertEqual(self.employee.state, "active")

    def test_manager_cannot_submit_an_employees_profile(self):
        self.employee.sudo().write({"state": "draft"})
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).action_submit()

    def test_person_cannot_escape_a_coordinators_pause_by_archiving(self):
        self.portal_person.with_user(self.coordinator).action_pause(reason="Comportement à vérifier")
        person = self.portal_person.with_user(self.portal_user)
        with self.assertRaises(UserError):
            person.action_archive_profile()
        self.assertEqual(self.portal_person.state, "paused")
        self.assertEqual(self.portal_person.state_reason, "Comportement à vérifier")

    def test_person_cannot_reopen_a_coordinators_archive(self):
        self.portal_person.with_user(self.coordinator).action_archive_profile(reason="Départ")
        with self.assertRaises(UserError):
            self.portal_person.with_user(self.portal_user).action_reopen()
        self.assertEqual(self.portal_person.state, "archived")

    def test_person_leaves_and_comes_back(self):
        person = self.portal_person.with_user(self.portal_user)
        person.action_archive_profile()
        person.action_reopen()
        self.assertEqual(self.portal_person.state, "to_validate")
