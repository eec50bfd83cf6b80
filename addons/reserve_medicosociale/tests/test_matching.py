from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .matching_common import NOW, MatchingCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestMatching(MatchingCommon):
    def _matched_ids(self, need=None):
        return [match["person_id"] for match in (need or self.need)._match()]

    def assertMatched(self, person, need=None):
        self.assertIn(person.id, self._matched_ids(need))

    def assertNotMatched(self, person, need=None):
        self.assertNotIn(person.id, self._matched_ids(need))

    # ------------------------------------------------------------------ hard filters

    def test_person_passing_every_filter_is_matched(self):
        self.assertMatched(self._person("Tout Bon"))

    def test_person_without_the_job_is_not_matched(self):
        person = self._person("Autre Métier")
        person.job_line_ids.job_id = self.env.ref("reserve_medicosociale.job_agent_entretien")
        self.assertNotMatched(person)

    def test_required_qualification_missing_is_not_matched(self):
        person = self._person("Sans AFGSU")
        self.need.qualification_ids |= self.afgsu
        self.assertNotMatched(person)
        self.env["reserve.person.qualification"].create(
            {
                "person_id": person.id,
                "qualification_id": self.afgsu.id,
                "state": "verified",
                "date_obtained": "2025-01-01",
            }
        )
        self.assertMatched(person)

    def test_unverified_qualification_is_not_matched(self):
        person = self._person("Non Vérifié")
        person.qualification_line_ids.state = "to_verify"
        self.assertNotMatched(person)

    def test_qualification_expired_on_the_shift_date_is_not_matched(self):
        person = self._person("Expire Avant")
        # Still valid today (2 March), no longer on the shift date (10 March).
        person.qualification_line_ids.date_end = "2026-03-09"
        self.assertNotMatched(person)
        person.qualification_line_ids.date_end = "2026-03-10"
        self.assertMatched(person)

    def test_unavailable_person_is_not_matched(self):
        person = self._person("Pas Le Mardi", week=False)
        self.assertNotMatched(person)

    def test_unavailability_slot_excludes(self):
        person = self._person("En Congé")
        self.env["reserve.availability.slot"].create(
            {
                "person_id": person.id,
                "kind": "unavailable",
                "start": "2026-03-09 00:00:00",
                "stop": "2026-03-12 00:00:00",
            }
        )
        self.assertNotMatched(person)

    def test_person_beyond_their_own_radius_is_not_matched(self):
        person = self._person("Rayon Court", commune=self.commune_valognes, radius_km=10)
        self.assertNotMatched(person)
        person.radius_km = 25
        self.assertMatched(person)

    def test_person_beyond_the_need_radius_is_not_matched(self):
        person = self._person("Trop Loin", commune=self.commune_valognes, radius_km=100)
        self.need.radius_km = 10
        self.assertNotMatched(person)
        self.need.radius_km = 25
        self.assertMatched(person)

    def test_person_far_away_is_not_matched(self):
        self.assertNotMatched(self._person("Saint-Lois", commune=self.commune_saint_lo, radius_km=200))

    def test_contract_type_not_accepted_is_not_matched(self):
        self.assertNotMatched(self._person("Intérim Seul", contract_types=self.temp))

    def test_own_employer_for_a_loan_is_not_matched(self):
        person = self._person(
            "Salariée Maison", contract_types=self.loan, category="lent_employee", employer_id=self.member.id
        )
        self.assertNotMatched(person)
        lent = self._person(
            "Salariée Ailleurs", contract_types=self.loan, category="lent_employee", employer_id=self.other_member.id
        )
        self.assertMatched(lent)
        # A fixed-term contract with their own employer is not a loan.
        person.contract_type_ids |= self.fixed_term
        self.assertMatched(person)

    def test_person_blocked_by_the_establishment_is_not_matched(self):
        person = self._person("Bloquée")
        self.member.blocked_person_ids = person
        self.assertNotMatched(person)
        self.assertMatched(person, self._other_need())

    def test_missing_eligibility_check_is_not_matched(self):
        check = self.env["reserve.check.type"].create(
            {"name": "Vaccination test", "code": "vaccination_test", "job_ids": [(6, 0, self.job.ids)]}
        )
        person = self._person("Sans Vaccin")
        self.assertNotMatched(person)
        line = self.env["reserve.person.check"].create(
            {"person_id": person.id, "check_type_id": check.id, "state": "verified", "date_done": "2026-01-01"}
        )
        self.assertMatched(person)
        line.date_end = "2026-03-05"
        self.assertNotMatched(person)

    def test_inactive_person_is_not_matched(self):
        person = self._person("En Pause", state="paused")
        self.assertNotMatched(person)

    def _other_need(self):
        self.other_member.commune_id = self.commune_cherbourg
        return self.need.copy({"establishment_id": self.other_member.id})

    # ------------------------------------------------------------------ score and reasons

    def test_closer_person_ranks_first_when_all_else_is_equal(self):
        far = self._person("Valognaise", commune=self.commune_valognes)
        near = self._person("Cherbourgeoise")
        ranking = self._matched_ids()
        self.assertLess(ranking.index(near.id), ranking.index(far.id))

    def test_more_experienced_person_ranks_first(self):
        novice = self._person("Débutante", years=0)
        expert = self._person("Experte", years=8)
        ranking = self._matched_ids()
        self.assertLess(ranking.index(expert.id), ranking.index(novice.id))

    def test_fresher_availability_ranks_first(self):
        stale = self._person("Ancienne", availability_confirmed_date="2026-01-10 08:00:00")
        fresh = self._person("Récente")
        ranking = self._matched_ids()
        self.assertLess(ranking.index(fresh.id), ranking.index(stale.id))

    def test_weights_come_from_the_settings(self):
        near_novice = self._person("Proche Novice", years=0)
        far_expert = self._person("Loin Experte", commune=self.commune_valognes, years=10)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("reserve_medicosociale.matching_weight_experience", 0)
        ranking = self._matched_ids()
        self.assertLess(ranking.index(near_novice.id), ranking.index(far_expert.id))
        params.set_param("reserve_medicosociale.matching_weight_experience", 100)
        params.set_param("reserve_medicosociale.matching_weight_distance", 1)
        ranking = self._matched_ids()
        self.assertLess(ranking.index(far_expert.id), ranking.index(near_novice.id))

    def _past_need(self, day, establishment=None, hours=8):
        start = datetime(2026, 2, day, 7, 0)
        return self.env["reserve.need"].create(
            {
                "establishment_id": (establishment or self.member).id,
                "job_id": self.job.id,
                "contract_type_ids": [(6, 0, self.fixed_term.ids)],
                "shift_ids": [(0, 0, {"start": start, "stop": start.replace(hour=7 + hours)})],
            }
        )

    def _assign(self, person, need, state="done", rating=False):
        return self.env["reserve.assignment"].create(
            {"need_id": need.id, "person_id": person.id, "state": state, "rating": rating}
        )

    def test_person_assigned_elsewhere_at_the_same_time_is_not_matched(self):
        person = self._person("Déjà Prise")
        elsewhere = self.need.copy({"establishment_id": self.other_member.id})
        assignment = self._assign(person, elsewhere, state="confirmed")
        self.assertNotMatched(person)
        assignment.state = "cancelled"
        self.assertMatched(person)

    def test_weekly_hours_cap_counts_the_hours_already_assigned(self):
        person = self._person("Plafond", max_hours_week=12)
        self.assertMatched(person)
        monday = self.need.copy()
        monday.shift_ids = [
            (5, 0, 0),
            (0, 0, {"start": datetime(2026, 3, 9, 7, 0), "stop": datetime(2026, 3, 9, 13, 0)}),
        ]
        self._assign(person, monday, state="planned")
        self.assertNotMatched(person)

    def test_person_already_asked_for_this_need_is_not_ranked_again(self):
        person = self._person("Déjà Demandée")
        self.env["reserve.proposal"].create({"need_id": self.need.id, "person_id": person.id, "state": "declined"})
        self.assertNotMatched(person)

    def test_past_assignments_here_rank_first_with_their_reasons(self):
        newcomer = self._person("Nouvelle")
        regular = self._person("Habituée")
        for day in (2, 9, 16):
            self._assign(regular, self._past_need(day), rating="5")
        self._assign(newcomer, self._past_need(3, establishment=self.other_member))
        matches = self.need._match()
        ranking = [m["person_id"] for m in matches]
        self.assertLess(ranking.index(regular.id), ranking.index(newcomer.id))
        reasons = next(m["reasons"] for m in matches if m["person_id"] == regular.id)
        self.assertIn("came here 3 times before", reasons)
        self.assertIn("rated 5.0/5 here", reasons)

    def test_reliability_accepted_proposals_and_no_shows(self):
        reliable = self._person("Fiable")
        unreliable = self._person("Peu Fiable")
        Proposal = self.env["reserve.proposal"]
        for day, (state_reliable, state_unreliable) in zip(
            (2, 3, 4, 5),
            (("accepted", "declined"), ("accepted", "expired"), ("accepted", "declined"), ("declined", "expired")),
            strict=True,
        ):
            need = self._past_need(day, establishment=self.other_member)
            Proposal.create({"need_id": need.id, "person_id": reliable.id, "state": state_reliable})
            Proposal.create({"need_id": need.id, "person_id": unreliable.id, "state": state_unreliable})
        self._assign(unreliable, self._past_need(6, establishment=self.other_member), state="no_show")
        matches = {m["person_id"]: m for m in self.need._match()}
        self.assertGreater(matches[reliable.id]["score"], matches[unreliable.id]["score"])
        self.assertIn("answered 100 % of proposals", matches[reliable.id]["reasons"])
        self.assertIn("answered 50 % of proposals", matches[unreliable.id]["reasons"])
        self.assertIn("did not come 1 times", matches[unreliable.id]["reasons"])

    def test_reasons_explain_the_rank(self):
        person = self._person("Raisons", commune=self.commune_valognes, years=4)
        match = next(m for m in self.need._match() if m["person_id"] == person.id)
        self.assertEqual(round(match["distance_km"]), 17)
        self.assertIn("17 km away", match["reasons"])
        self.assertIn("DEAS verified", match["reasons"])
        self.assertIn("4 years of experience in the job", match["reasons"])
        self.assertIn("availability confirmed today", match["reasons"])
        self.assertGreater(match["score"], 0)
        self.assertLessEqual(match["score"], 100)

    def test_query_count_does_not_grow_with_the_people(self):
        for index in range(3):
            self._person(f"Premier {index}")
        self.need._match()  # warm the caches (settings, need fields); then one query
        with self.assertQueryCount(1):
            self.assertEqual(len(self.need._match()), 3)
        for index in range(30):
            self._person(f"Second {index}", commune=self.commune_hague)
        self.env.flush_all()
        self.need.invalidate_recordset()
        self.need._match()
        with self.assertQueryCount(1):
            self.assertEqual(len(self.need._match()), 33)

    def test_find_people_shows_the_ranking(self):
        near = self._person("Première")
        self._person("Seconde", commune=self.commune_valognes)
        action = self.need.with_user(self.coordinator).action_find_people()
        wizard = self.env["reserve.need.match"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids[0].person_id, near)
        self.assertEqual(len(wizard.line_ids), 2)
        self.assertIn("km away", wizard.line_ids[0].reasons)
        self.assertEqual(wizard._get_selected_people()[0], near)

    def test_find_people_is_for_coordinators(self):
        self._person("Invisible")
        with self.assertRaises(UserError):
            self.need.with_user(self.manager).action_find_people()
