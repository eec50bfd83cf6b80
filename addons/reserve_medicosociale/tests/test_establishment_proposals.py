from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.reserve_need import ESTABLISHMENT_PROPOSALS_PARAM
from .common import ReserveCommon, use_english_pages


def _matching_world(cls, establishment, other_establishment):
    """A job of its own, an open need of ``establishment`` and one of
    ``other_establishment``, two people the matching ranks (Cherbourg first, then Valognes)
    and one person of the reserve it never ranks (another job)."""
    ref = cls.env.ref
    cls.fixed_term = ref("reserve_medicosociale.contract_type_fixed_term")
    cls.commune_cherbourg = ref("reserve_medicosociale.commune_50129")
    cls.commune_valognes = ref("reserve_medicosociale.commune_50615")
    cls.job = cls.env["reserve.job"].create({"name": "Aide-soignant établissement", "is_care": True})
    cls.other_job = cls.env["reserve.job"].create({"name": "Lingère établissement"})
    cls.shift_start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    cls.shift_stop = cls.shift_start + timedelta(hours=8)
    cls.need = _open_need(cls, establishment)
    cls.other_need = _open_need(cls, other_establishment)
    cls.near = _person(cls, "Aurore Prèsdici", cls.commune_cherbourg)
    cls.far = _person(cls, "Bastien Plusloin", cls.commune_valognes)
    cls.stranger = _person(cls, "Camille Jamaisproposée", cls.commune_cherbourg, job=cls.other_job)


def _open_need(cls, establishment):
    if not establishment.commune_id:
        establishment.commune_id = cls.commune_cherbourg
    need = cls.env["reserve.need"].create(
        {
            "establishment_id": establishment.id,
            "job_id": cls.job.id,
            "headcount": 1,
            "radius_km": 30,
            "contract_type_ids": [(6, 0, cls.fixed_term.ids)],
            "shift_ids": [(0, 0, {"start": cls.shift_start, "stop": cls.shift_stop})],
        }
    )
    need.action_open()
    return need


def _person(cls, name, commune, job=None):
    """An active reservist, available over the shifts, who passes every hard filter of the needs."""
    partner = cls.env["res.partner"].create({"name": name, "email": f"{name.split()[0].lower()}@example.com"})
    person = cls.env["reserve.person"].create(
        {
            "partner_id": partner.id,
            "category": "jobseeker",
            "state": "active",
            "commune_id": commune.id,
            "radius_km": 30,
            "contract_type_ids": [(6, 0, cls.fixed_term.ids)],
            "job_line_ids": [(0, 0, {"job_id": (job or cls.job).id, "years_experience": 3})],
            "availability_confirmed_date": fields.Datetime.now(),
        }
    )
    cls.env["reserve.availability.slot"].create(
        {
            "person_id": person.id,
            "kind": "available",
            "start": cls.shift_start - timedelta(hours=1),
            "stop": cls.shift_stop + timedelta(hours=1),
        }
    )
    return person


@tagged("post_install", "-at_install")
class TestEstablishmentProposals(ReserveCommon):
    """A member manager looks for people and sends proposals for their own needs when the
    coordinators allow it, and sees only the people proposed to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _matching_world(cls, cls.member, cls.other_member)

    def _allow(self, allowed=True):
        self.env["ir.config_parameter"].set_param(ESTABLISHMENT_PROPOSALS_PARAM, allowed)

    def _open_wizard(self, user, need=None):
        action = (need or self.need).with_user(user).action_find_people()
        return self.env["reserve.need.match"].with_user(user).browse(action["res_id"])

    def _mails(self, proposals):
        return self.env["mail.mail"].search([("model", "=", "reserve.proposal"), ("res_id", "in", proposals.ids)])

    # ------------------------------------------------------------------ setting off

    def test_setting_off_refuses_the_manager(self):
        need = self.need.with_user(self.manager)
        self.assertFalse(need.can_send_proposals)
        with self.assertRaisesRegex(AccessError, "has not allowed establishments to send proposals"):
            need.action_find_people()
        with self.assertRaisesRegex(AccessError, "has not allowed establishments to send proposals"):
            need.action_send_wave(self.near.ids)
        self.assertFalse(self.need.proposal_ids)

    def test_coordinator_is_unaffected_by_the_setting(self):
        self.assertTrue(self.need.with_user(self.coordinator).can_send_proposals)
        wizard = self._open_wizard(self.coordinator)
        self.assertEqual(wizard.line_ids.person_id, self.near | self.far)
        wizard.top_n = 1
        wizard.action_send_top()
        self.assertEqual(self.need.proposal_ids.person_id, self.near)

    # ------------------------------------------------------------------ setting on

    def test_manager_sends_the_top_of_the_ranking(self):
        self._allow()
        self.assertTrue(self.need.with_user(self.manager).can_send_proposals)
        wizard = self._open_wizard(self.manager)
        lines = wizard.line_ids.sorted("sequence")
        # Name, score, distance and reasons only.
        self.assertEqual(lines.mapped("person_name"), ["Aurore Prèsdici", "Bastien Plusloin"])
        self.assertGreater(lines[0].score, 0)
        self.assertLess(lines[0].distance_km, lines[1].distance_km)
        self.assertIn("km away", lines[0].reasons)
        wizard.top_n = 1
        wizard.action_send_top()
        proposals = self.need.proposal_ids
        self.assertEqual(proposals.person_id, self.near)
        self.assertEqual(proposals.state, "sent")
        self.assertEqual(proposals.create_uid, self.manager)
        self.assertEqual(self._mails(proposals).state, "outgoing")

    def test_manager_sends_the_ticked_people(self):
        self._allow()
        wizard = self._open_wizard(self.manager)
        wizard.line_ids.filtered(lambda line: line.person_name == "Bastien Plusloin").is_selected = True
        wizard.action_send_selected()
        self.assertEqual(self.need.proposal_ids.person_id, self.far)
        self.assertEqual(len(self._mails(self.need.proposal_ids)), 1)

    def test_manager_is_refused_for_another_establishments_need(self):
        self._allow()
        other_need = self.other_need.with_user(self.manager)
        with self.assertRaises(AccessError):
            other_need.action_find_people()
        with self.assertRaises(AccessError):
            other_need.action_send_wave(self.near.ids)
        with self.assertRaises(AccessError):
            other_need._portal_send_proposals(top_n=1)
        self.assertFalse(self.other_need.proposal_ids)

    def test_manager_cannot_ask_people_the_matching_does_not_rank(self):
        self._allow()
        with self.assertRaisesRegex(UserError, "can no longer be asked"):
            self.need.with_user(self.manager).action_send_wave((self.near | self.stranger).ids)
        self.assertFalse(self.need.proposal_ids)

    def test_manager_cannot_send_for_a_cancelled_need(self):
        self._allow()
        self.need.action_cancel()
        with self.assertRaisesRegex(UserError, "open need"):
            self.need.with_user(self.manager).action_send_wave(self.near.ids)

    def test_manager_does_not_read_another_managers_ranking(self):
        self._allow()
        others = self._open_wizard(self.other_manager, self.other_need)
        with self.assertRaises(AccessError):
            others.with_user(self.manager).line_ids.read(["person_name"])
        with self.assertRaises(AccessError):
            others.line_ids.with_user(self.manager).read(["person_name"])

    # ------------------------------------------------------------------ who the manager sees

    def test_manager_reads_the_people_proposed_to_them_only(self):
        self._allow()
        Person = self.env["reserve.person"].with_user(self.manager)
        self.assertFalse(Person.search([]))
        with self.assertRaises(AccessError):
            self.near.with_user(self.manager).read(["name"])
        self.need.with_user(self.manager).action_send_wave(self.near.ids)
        self.assertEqual(self.near.with_user(self.manager).read(["name"])[0]["name"], "Aurore Prèsdici")
        self.assertEqual(Person.search([]), self.near)
        self.assertEqual(Person.search_count([]), 1)
        for person in (self.far, self.stranger):
            with self.assertRaises(AccessError):
                person.with_user(self.manager).read(["name"])
        # Read only: the profile stays the person's and the coordinators'.
        with self.assertRaises(AccessError):
            self.near.with_user(self.manager).write({"radius_km": 50})
        # The other manager does not see the people proposed to someone else.
        with self.assertRaises(AccessError):
            self.near.with_user(self.other_manager).read(["name"])

    def test_views_show_the_button_and_names_only(self):
        self._allow()
        wizard_arch = self.env["reserve.need.match"].with_user(self.manager).get_views([(False, "form")])
        wizard_arch = wizard_arch["views"]["form"]["arch"]
        self.assertIn('name="person_name"', wizard_arch)
        self.assertNotIn('name="person_id"', wizard_arch)
        coordinator_arch = self.env["reserve.need.match"].with_user(self.coordinator).get_views([(False, "form")])
        self.assertIn('name="person_id"', coordinator_arch["views"]["form"]["arch"])
        need_arch = self.env["reserve.need"].with_user(self.manager).get_views([(False, "form")])
        self.assertIn('name="action_find_people"', need_arch["views"]["form"]["arch"])
        data = self.need.with_user(self.manager).web_read({"can_send_proposals": {}})
        self.assertTrue(data[0]["can_send_proposals"])
        self._allow(False)
        self.need.invalidate_recordset(["can_send_proposals"])
        self.assertFalse(
            self.need.with_user(self.manager).web_read({"can_send_proposals": {}})[0]["can_send_proposals"]
        )

    def test_portal_ranking_shows_short_names(self):
        self._allow()
        ranking = self.need.with_user(self.manager)._ranking_for_manager()
        self.assertEqual([match["short_name"] for match in ranking], ["Aurore P.", "Bastien P."])
        self.assertEqual(self.env["reserve.need"]._short_person_name("Léa"), "Léa")


@tagged("post_install", "-at_install")
class TestEstablishmentProposalsPortal(HttpCase):
    """The demo director asks people from the portal page of their need."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.director = cls.env.ref("reserve_medicosociale.user_member_manager_demo")
        cls.director.lang = "en_US"
        _matching_world(
            cls,
            cls.env.ref("reserve_medicosociale.partner_ehpad_hortensias_demo"),
            cls.env.ref("reserve_medicosociale.partner_ehpad_clos_fleuri_demo"),
        )

    def setUp(self):
        super().setUp()
        self.authenticate("directeur", "directeur")

    def _allow(self):
        self.env["ir.config_parameter"].set_param(ESTABLISHMENT_PROPOSALS_PARAM, True)

    def _propose(self, need=None, **data):
        data = {"csrf_token": http.Request.csrf_token(self), **data}
        return self.url_open(f"/my/needs/{(need or self.need).id}/propose", data=data, allow_redirects=False)

    def test_setting_off_shows_no_ranking_and_refuses_a_post(self):
        page = self.url_open(f"/my/needs/{self.need.id}").text
        self.assertNotIn("People who can come", page)
        self.assertNotIn("Aurore", page)
        self.assertEqual(self._propose(send="top", top_n="1").status_code, 403)
        self.assertFalse(self.need.proposal_ids)

    def test_page_shows_the_ranking_by_short_name(self):
        self._allow()
        page = self.url_open(f"/my/needs/{self.need.id}").text
        self.assertIn("People who can come", page)
        self.assertLess(page.index("Aurore P."), page.index("Bastien P."))
        self.assertNotIn("Prèsdici", page)
        self.assertNotIn("Camille", page)
        self.assertEqual(page.count('name="person_ids"'), 2)

    def test_director_asks_the_top_of_the_list(self):
        self._allow()
        response = self._propose(send="top", top_n="1")
        self.assertIn(response.status_code, (302, 303))
        self.assertIn(f"/my/needs/{self.need.id}?done=proposed", response.headers["Location"])
        proposal = self.need.proposal_ids
        self.assertEqual(proposal.person_id, self.near)
        self.assertEqual(proposal.create_uid, self.director)
        mail = self.env["mail.mail"].search([("model", "=", "reserve.proposal"), ("res_id", "=", proposal.id)])
        self.assertEqual(mail.state, "outgoing")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("are asked by e-mail", page)
        self.assertIn("People asked", page)
        self.assertIn('data-state="sent"', page)
        # Already asked: no longer in the ranking.
        self.assertEqual(page.count('name="person_ids"'), 1)

    def test_director_asks_the_ticked_people(self):
        self._allow()
        response = self._propose(send="selected", person_ids=[str(self.far.id)])
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.need.proposal_ids.person_id, self.far)

    def test_nothing_ticked_is_refused(self):
        self._allow()
        response = self._propose(send="selected")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tick the people to ask", response.text)
        self.assertFalse(self.need.proposal_ids)

    def test_someone_not_ranked_is_refused(self):
        self._allow()
        response = self._propose(send="selected", person_ids=[str(self.stranger.id)])
        self.assertEqual(response.status_code, 400)
        self.assertIn("can no longer be asked", response.text)
        self.assertFalse(self.need.proposal_ids)

    def test_cancelled_need_is_refused(self):
        self._allow()
        self.need.action_cancel()
        self.assertNotIn("People who can come", self.url_open(f"/my/needs/{self.need.id}").text)
        response = self._propose(send="top", top_n="1")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.need.proposal_ids)

    def test_another_establishments_need_is_not_found(self):
        self._allow()
        self.assertEqual(self.url_open(f"/my/needs/{self.other_need.id}").status_code, 404)
        self.assertEqual(self._propose(need=self.other_need, send="top", top_n="1").status_code, 404)
        self.assertFalse(self.other_need.proposal_ids)

    def test_post_without_csrf_token_is_refused(self):
        self._allow()
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/needs/{self.need.id}/propose", data={"send": "top", "top_n": "1"}, allow_redirects=False
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.need.proposal_ids)
