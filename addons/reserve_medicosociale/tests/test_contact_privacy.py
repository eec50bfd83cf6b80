from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GROUP_PREFIX
from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestContactPrivacy(ProposalCommon):
    """A reservist's contact (res.partner, and so res.users) is read by coordinators, the person,
    and the managers of the establishments where the person is employed, proposed or assigned.
    Every other contact keeps Odoo's rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # employee: employed by the member; portal_person: proposed to the member;
        # other_portal_person: assigned to the member (without a proposal, as after an import);
        # other_employee: employed by the other member only.
        cls.need._send_proposals(cls.portal_person)
        cls.env["reserve.assignment"].create({"need_id": cls.need.id, "person_id": cls.other_portal_person.id})
        cls.employed = cls.employee.partner_id
        cls.proposed = cls.portal_person.partner_id
        cls.assigned = cls.other_portal_person.partner_id
        cls.elsewhere = cls.other_employee.partner_id
        cls.reservist_partners = cls.employed | cls.proposed | cls.assigned | cls.elsewhere

    def _assert_cannot_read(self, user, partners):
        for partner in partners:
            with self.assertRaises(AccessError, msg=f"{user.login} must not read {partner.name}"):
                partner.with_user(user).read(["name", "email", "phone"])

    def _readable(self, user, partners):
        return self.env["res.partner"].with_user(user).search([("id", "in", partners.ids)])

    def test_trainer_finds_no_reservists_contact(self):
        self.assertFalse(self._readable(self.trainer, self.reservist_partners))
        found = self.env["res.partner"].with_user(self.trainer).search([("email", "=", self.employed.email)])
        self.assertFalse(found)

    def test_trainer_cannot_read_a_reservists_contact(self):
        self._assert_cannot_read(self.trainer, self.reservist_partners)

    def test_authority_finds_no_reservists_contact(self):
        self.assertFalse(self._readable(self.authority, self.reservist_partners))

    def test_authority_cannot_read_a_reservists_contact(self):
        self._assert_cannot_read(self.authority, self.reservist_partners)

    def test_other_manager_cannot_read_the_contacts_of_another_members_people(self):
        self._assert_cannot_read(self.other_manager, self.employed | self.proposed | self.assigned)

    def test_other_manager_finds_only_their_own_employees_contact(self):
        self.assertEqual(self._readable(self.other_manager, self.reservist_partners), self.elsewhere)

    def test_manager_reads_their_employees_contact(self):
        values = self.employed.with_user(self.manager).read(["email"])[0]
        self.assertEqual(values["email"], self.employed.email)

    def test_manager_reads_the_contact_of_a_person_proposed_to_them(self):
        values = self.proposed.with_user(self.manager).read(["email"])[0]
        self.assertEqual(values["email"], self.proposed.email)

    def test_manager_reads_the_contact_of_a_person_assigned_to_them(self):
        values = self.assigned.with_user(self.manager).read(["email"])[0]
        self.assertEqual(values["email"], self.assigned.email)

    def test_manager_finds_only_the_contacts_of_their_people(self):
        self.assertEqual(
            self._readable(self.manager, self.reservist_partners), self.employed | self.proposed | self.assigned
        )

    def test_managers_read_the_contacts_of_exactly_the_people_they_read(self):
        """The contact rule and the profile rules give the same answer."""
        people = self.employee | self.other_employee | self.portal_person | self.other_portal_person
        for manager in (self.manager, self.other_manager):
            readable_people = self.env["reserve.person"].with_user(manager).search([("id", "in", people.ids)])
            self.assertEqual(self._readable(manager, self.reservist_partners), readable_people.partner_id)

    def test_person_reads_their_own_contact(self):
        values = self.proposed.with_user(self.portal_user).read(["email"])[0]
        self.assertEqual(values["email"], self.proposed.email)

    def test_person_cannot_read_another_reservists_contact(self):
        self._assert_cannot_read(self.portal_user, self.assigned | self.employed)

    def test_coordinator_reads_every_reservists_contact(self):
        self.assertEqual(self._readable(self.coordinator, self.reservist_partners), self.reservist_partners)
        self.assertEqual(self.elsewhere.with_user(self.coordinator).read(["email"])[0]["email"], self.elsewhere.email)

    def test_other_contacts_stay_readable(self):
        """Establishments, their legal entity and staff, companies and users' contacts, as in Odoo."""
        contacts = (
            self.legal_entity
            | self.member
            | self.member_contact
            | self.other_member
            | self.env.company.partner_id
            | self.coordinator.partner_id
            | self.manager.partner_id
        )
        for user in (self.trainer, self.authority, self.other_manager):
            self.assertEqual(self._readable(user, contacts), contacts, user.login)
            contacts.with_user(user).read(["name", "email"])

    def test_reservist_who_is_also_an_internal_user_stays_readable(self):
        """Colleagues must still find an internal user (e.g. to assign an activity)."""
        colleague = new_test_user(self.env, "t_trainer_reservist", groups=GROUP_PREFIX + "trainer")
        self._create_person("Formatrice Réserviste", user=colleague)
        self.assertEqual(self._readable(self.authority, colleague.partner_id), colleague.partner_id)
        self.assertEqual(self.env["res.users"].with_user(self.authority).search([("id", "=", colleague.id)]), colleague)

    def test_reservists_portal_user_is_as_private_as_their_contact(self):
        """res.users shows its contact's name, e-mail and phone: it follows the contact's rule."""
        Users = self.env["res.users"]
        for user in (self.trainer, self.authority, self.other_manager):
            self.assertFalse(
                Users.with_user(user).search([("id", "in", (self.portal_user | self.other_portal_user).ids)])
            )
            with self.assertRaises(AccessError):
                self.other_portal_user.with_user(user).read(["name", "email"])
        self.assertEqual(
            Users.with_user(self.manager).search([("id", "=", self.other_portal_user.id)]), self.other_portal_user
        )

    def test_unreadable_contact_is_not_read_through_an_attendee(self):
        """An attendee line carries its contact's e-mail and phone (read as superuser): the
        trainer's own event does not show them a reservist they may not read."""
        event = (
            self.env["calendar.event"]
            .with_user(self.trainer)
            .create({"name": "Session AFGSU", "start": "2026-03-02 08:00:00", "stop": "2026-03-02 12:00:00"})
        )
        event.sudo().partner_ids = [(4, self.employed.id)]
        self.assertFalse(
            self.env["calendar.attendee"].with_user(self.trainer).search([("partner_id", "=", self.employed.id)])
        )
        self.assertTrue(event.with_user(self.trainer).attendee_ids, "the trainer's own attendee line stays")


@tagged("post_install", "-at_install")
class TestAssignmentEventPrivacy(ProposalCommon):
    """An assignment's calendar event is found and read only by its organizer, its attendees
    (the person; the establishment's managers) and coordinators."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assignment = cls.env["reserve.assignment"].create(
            {"need_id": cls.need.id, "person_id": cls.portal_person.id}
        )
        cls.event = cls.assignment.calendar_event_id
        # Read now, as superuser: Odoo puts "Busy" in the cache for whoever may not see it.
        cls.event_name = cls.event.name

    def _assert_cannot_find_or_read(self, user):
        Event = self.env["calendar.event"].with_user(user)
        self.assertFalse(Event.search([("id", "=", self.event.id)]))
        self.assertFalse(Event.search([("partner_ids", "in", self.portal_person.partner_id.ids)]))
        with self.assertRaises(AccessError):
            self.event.with_user(user).read(["name", "description", "partner_ids"])
        Attendee = self.env["calendar.attendee"].with_user(user)
        self.assertFalse(Attendee.search([("event_id", "=", self.event.id)]))
        self.assertFalse(Attendee.search([("partner_id", "=", self.portal_person.partner_id.id)]))

    def _read_name(self, user):
        return self.event.with_user(user).read(["name"])[0]["name"]

    def test_assignment_event_is_private(self):
        self.assertEqual(self.event.privacy, "private")
        self.assertEqual(self.event.partner_ids, self.portal_person.partner_id | self.member)

    def test_trainer_cannot_find_or_read_an_assignments_event(self):
        self._assert_cannot_find_or_read(self.trainer)

    def test_authority_cannot_find_or_read_an_assignments_event(self):
        self._assert_cannot_find_or_read(self.authority)

    def test_other_establishments_manager_cannot_find_or_read_an_assignments_event(self):
        self._assert_cannot_find_or_read(self.other_manager)

    def test_person_reads_their_assignments_event(self):
        self.assertEqual(self._read_name(self.portal_user), self.event_name)

    def test_establishments_manager_reads_the_event_in_full(self):
        self.assertEqual(self._read_name(self.manager), self.event_name)
        attendees = self.env["calendar.attendee"].with_user(self.manager).search([("event_id", "=", self.event.id)])
        self.assertEqual(attendees, self.event.attendee_ids)

    def test_coordinator_reads_the_event_in_full(self):
        self.assertEqual(self._read_name(self.coordinator), self.event_name)
        partners = self.event.with_user(self.coordinator).read(["partner_ids"])[0]["partner_ids"]
        self.assertEqual(set(partners), set((self.portal_person.partner_id | self.member).ids))

    def test_other_events_keep_odoos_rules(self):
        """A colleague's public event is still found and read by every internal user."""
        meeting = (
            self.env["calendar.event"]
            .with_user(self.coordinator)
            .create({"name": "Réunion du réseau", "start": "2026-03-02 08:00:00", "stop": "2026-03-02 09:00:00"})
        )
        for user in (self.trainer, self.authority, self.other_manager):
            self.assertEqual(self.env["calendar.event"].with_user(user).search([("id", "=", meeting.id)]), meeting)
            self.assertEqual(meeting.with_user(user).read(["name"])[0]["name"], "Réunion du réseau")
