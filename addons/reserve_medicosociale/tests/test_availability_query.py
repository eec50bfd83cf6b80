from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import ReserveCommon

# Mondays 5 January 2026 (winter, UTC+1) and 6 July 2026 (summer, UTC+2); summer time
# starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026 in Europe/Paris.
MONDAY, TUESDAY, SATURDAY, SUNDAY = "0", "1", "5", "6"


def utc(value):
    return fields.Datetime.to_datetime(value)


class AvailabilityCommon(ReserveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Person = cls.env["reserve.person"]
        cls.Pattern = cls.env["reserve.availability.pattern"]
        cls.Slot = cls.env["reserve.availability.slot"]

    @classmethod
    def _person(cls, name, state="active", **values):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "email": "{}@example.com".format(name.lower().replace(" ", ".")),
            }
        )
        return cls.env["reserve.person"].create(
            {
                "partner_id": partner.id,
                "name": name,
                "category": "student",
                "state": state,
                **values,
            }
        )

    @classmethod
    def _week(cls, person, *lines):
        cls.env["reserve.availability.pattern"].create(
            [
                {"person_id": person.id, "weekday": weekday, "hour_from": hour_from, "hour_to": hour_to}
                for weekday, hour_from, hour_to in lines
            ]
        )

    @classmethod
    def _slot(cls, person, start, stop, kind="available"):
        return cls.env["reserve.availability.slot"].create(
            {
                "person_id": person.id,
                "start": start,
                "stop": stop,
                "kind": kind,
            }
        )

    def _available(self, person, *shifts):
        return person.id in self.Person._find_available(
            [(utc(start), utc(stop)) for start, stop in shifts],
            person_ids=person.ids,
        )


@tagged("post_install", "-at_install")
class TestAvailabilityQuery(AvailabilityCommon):
    def test_pattern_covers_shift(self):
        person = self._person("Pattern Covers")
        self._week(person, (MONDAY, 8, 18))
        # 08:00–16:00 in Paris in winter
        self.assertTrue(self._available(person, ("2026-01-05 07:00:00", "2026-01-05 15:00:00")))

    def test_pattern_not_covering_shift(self):
        person = self._person("Pattern Short")
        self._week(person, (MONDAY, 8, 18))
        # 07:00–16:00 in Paris: starts an hour before the pattern
        self.assertFalse(self._available(person, ("2026-01-05 06:00:00", "2026-01-05 15:00:00")))
        # the right hours on the wrong day (Tuesday)
        self.assertFalse(self._available(person, ("2026-01-06 07:00:00", "2026-01-06 15:00:00")))

    def test_adjacent_pattern_lines_add_up(self):
        person = self._person("Pattern Split")
        self._week(person, (MONDAY, 8, 12), (MONDAY, 12, 18))
        self.assertTrue(self._available(person, ("2026-01-05 09:00:00", "2026-01-05 15:00:00")))

    def test_pattern_hours_are_paris_time_in_winter_and_summer(self):
        person = self._person("Pattern Seasons")
        self._week(person, (MONDAY, 8, 18))
        # 06:00–14:00 UTC is 07:00–15:00 in winter (not covered), 08:00–16:00 in summer
        self.assertFalse(self._available(person, ("2026-01-05 06:00:00", "2026-01-05 14:00:00")))
        self.assertTrue(self._available(person, ("2026-07-06 06:00:00", "2026-07-06 14:00:00")))
        # 16:30–17:30 UTC is 17:30–18:30 in winter (not covered) and 18:30–19:30 in summer (not covered)
        self.assertFalse(self._available(person, ("2026-01-05 16:30:00", "2026-01-05 17:30:00")))
        self.assertFalse(self._available(person, ("2026-07-06 16:30:00", "2026-07-06 17:30:00")))

    def test_overnight_shift_needs_both_days(self):
        night_owl = self._person("Night Both Days")
        self._week(night_owl, (MONDAY, 22, 24), (TUESDAY, 0, 7))
        evening_only = self._person("Night Monday Only")
        self._week(evening_only, (MONDAY, 20, 24))
        # Monday 22:00 → Tuesday 07:00 in Paris (winter)
        shift = ("2026-01-05 21:00:00", "2026-01-06 06:00:00")
        self.assertTrue(self._available(night_owl, shift))
        self.assertFalse(self._available(evening_only, shift))

    def test_night_shift_on_spring_time_change(self):
        """Saturday 28 → Sunday 29 March 2026, 22:00 → 07:00 in Paris: 8 real hours,
        21:00 UTC → 05:00 UTC (the clock jumps from 02:00 to 03:00)."""
        night = self._person("Spring Night")
        self._week(night, (SATURDAY, 22, 24), (SUNDAY, 0, 7))
        early = self._person("Spring Night Until Six")
        self._week(early, (SATURDAY, 22, 24), (SUNDAY, 0, 6))
        shift = ("2026-03-28 21:00:00", "2026-03-29 05:00:00")
        self.assertTrue(self._available(night, shift))
        # 06:00 summer time is 04:00 UTC, an hour before the end of the shift
        self.assertFalse(self._available(early, shift))
        # with winter's offset the shift would end at 06:00 UTC: not covered by "until 07:00"
        self.assertFalse(self._available(night, ("2026-03-28 21:00:00", "2026-03-29 06:00:00")))

    def test_night_shift_on_autumn_time_change(self):
        """Saturday 24 → Sunday 25 October 2026, 22:00 → 07:00 in Paris: 10 real hours,
        20:00 UTC → 06:00 UTC (the clock goes back from 03:00 to 02:00)."""
        night = self._person("Autumn Night")
        self._week(night, (SATURDAY, 22, 24), (SUNDAY, 0, 7))
        early = self._person("Autumn Night Until Six")
        self._week(early, (SATURDAY, 22, 24), (SUNDAY, 0, 6))
        shift = ("2026-10-24 20:00:00", "2026-10-25 06:00:00")
        self.assertTrue(self._available(night, shift))
        # 06:00 winter time is 05:00 UTC, an hour before the end of the shift
        self.assertFalse(self._available(early, shift))
        # the night starts at 22:00 summer time, 20:00 UTC: an hour earlier is not covered
        self.assertFalse(self._available(night, ("2026-10-24 19:00:00", "2026-10-25 06:00:00")))

    def test_unavailability_wins_over_pattern(self):
        person = self._person("Busy Over Pattern")
        self._week(person, (MONDAY, 8, 18))
        self._slot(person, "2026-01-05 13:00:00", "2026-01-05 14:00:00", kind="unavailable")
        self.assertFalse(self._available(person, ("2026-01-05 07:00:00", "2026-01-05 15:00:00")))
        # the next Monday is not concerned
        self.assertTrue(self._available(person, ("2026-01-12 07:00:00", "2026-01-12 15:00:00")))

    def test_unavailability_wins_over_available_slot(self):
        person = self._person("Busy Over Slot")
        self._slot(person, "2026-01-05 00:00:00", "2026-01-10 00:00:00")
        self._slot(person, "2026-01-07 00:00:00", "2026-01-08 00:00:00", kind="unavailable")
        self.assertFalse(self._available(person, ("2026-01-07 08:00:00", "2026-01-07 16:00:00")))
        self.assertTrue(self._available(person, ("2026-01-08 08:00:00", "2026-01-08 16:00:00")))

    def test_unavailability_ending_when_shift_starts_does_not_block(self):
        person = self._person("Busy Before")
        self._week(person, (MONDAY, 8, 18))
        self._slot(person, "2026-01-04 07:00:00", "2026-01-05 07:00:00", kind="unavailable")
        self.assertTrue(self._available(person, ("2026-01-05 07:00:00", "2026-01-05 15:00:00")))

    def test_dated_slot_alone(self):
        person = self._person("Slot Only")
        self._slot(person, "2026-01-07 06:00:00", "2026-01-07 18:00:00")
        self.assertTrue(self._available(person, ("2026-01-07 07:00:00", "2026-01-07 15:00:00")))
        self.assertFalse(self._available(person, ("2026-01-07 15:00:00", "2026-01-07 19:00:00")))

    def test_slot_and_pattern_add_up(self):
        person = self._person("Slot Extends Pattern")
        self._week(person, (MONDAY, 8, 18))
        self._slot(person, "2026-01-05 17:00:00", "2026-01-05 21:00:00")  # 18:00–22:00 in Paris
        self.assertTrue(self._available(person, ("2026-01-05 13:00:00", "2026-01-05 21:00:00")))
        self.assertFalse(self._available(person, ("2026-01-12 13:00:00", "2026-01-12 21:00:00")))

    def test_every_shift_of_the_need_is_required(self):
        person = self._person("Two Shifts")
        self._week(person, (MONDAY, 8, 18))
        monday = ("2026-01-05 07:00:00", "2026-01-05 15:00:00")
        tuesday = ("2026-01-06 07:00:00", "2026-01-06 15:00:00")
        self.assertTrue(self._available(person, monday))
        self.assertFalse(self._available(person, monday, tuesday))

    def test_available_today_switch_lapses_by_itself(self):
        person = self._person("Available Today")
        with freeze_time("2026-01-05 10:00:00"):
            person.action_available_today()
            # end of the day in Paris: midnight local time is 23:00 UTC in winter
            self.assertEqual(person.available_now_until, utc("2026-01-05 23:00:00"))
            self.assertTrue(person.is_available_now)
            self.assertTrue(self._available(person, ("2026-01-05 12:00:00", "2026-01-05 20:00:00")))
            self.assertFalse(self._available(person, ("2026-01-05 22:00:00", "2026-01-06 01:00:00")))
        with freeze_time("2026-01-06 09:00:00"):
            person.invalidate_recordset(["is_available_now"])
            self.assertFalse(person.is_available_now)
            self.assertFalse(self._available(person, ("2026-01-06 10:00:00", "2026-01-06 12:00:00")))

    def test_available_today_in_summer_ends_at_local_midnight(self):
        person = self._person("Available Summer Day")
        with freeze_time("2026-07-06 21:30:00"):  # 23:30 in Paris
            person.action_available_today()
        self.assertEqual(person.available_now_until, utc("2026-07-06 22:00:00"))

    def test_cap_on_hours_per_week(self):
        person = self._person("Capped", max_hours_week=8)
        self._week(person, (MONDAY, 6, 22), (TUESDAY, 6, 22))
        self.assertTrue(self._available(person, ("2026-01-05 07:00:00", "2026-01-05 15:00:00")))
        self.assertFalse(self._available(person, ("2026-01-05 07:00:00", "2026-01-05 17:00:00")))
        # two 6-hour shifts in the same week exceed 8 hours; in two weeks they do not
        monday = ("2026-01-05 07:00:00", "2026-01-05 13:00:00")
        self.assertFalse(self._available(person, monday, ("2026-01-06 07:00:00", "2026-01-06 13:00:00")))
        self.assertTrue(self._available(person, monday, ("2026-01-13 07:00:00", "2026-01-13 13:00:00")))
        person.max_hours_week = 0
        self.assertTrue(self._available(person, ("2026-01-05 07:00:00", "2026-01-05 17:00:00")))

    def test_paused_and_draft_people_are_excluded(self):
        paused = self._person("Paused", state="paused")
        draft = self._person("Draft", state="draft")
        for person in paused | draft:
            self._week(person, (MONDAY, 0, 24))
        result = self.Person._find_available([(utc("2026-01-05 07:00:00"), utc("2026-01-05 15:00:00"))])
        self.assertNotIn(paused.id, result)
        self.assertNotIn(draft.id, result)

    def test_many_people_in_one_query(self):
        people = self.Person
        for index in range(40):
            person = self._person(f"Crowd {index:02d}")
            if index % 2:
                self._week(person, (MONDAY, 7, 20))
            else:
                self._week(person, (MONDAY, 9, 20))
            if index % 5 == 0:
                self._slot(person, "2026-01-05 12:00:00", "2026-01-05 13:00:00", kind="unavailable")
            people |= person
        shifts = [(utc("2026-01-05 06:00:00"), utc("2026-01-05 14:00:00"))]  # 07:00–15:00 in Paris
        expected = sorted(p.id for i, p in enumerate(people) if i % 2 and i % 5)
        with self.assertQueryCount(1):
            result = self.Person._find_available(shifts, person_ids=people.ids)
        self.assertEqual(result, expected)
        with self.assertQueryCount(1):
            result = self.Person._find_available(shifts, person_ids=people[:3].ids)
        self.assertEqual(result, [people[1].id])
        # the whole reserve, without a list of people: still one query
        with self.assertQueryCount(1):
            result = self.Person._find_available(shifts)
        self.assertTrue(set(expected) <= set(result))
        # the people given by a subquery, as the matching will do
        with self.assertQueryCount(1):
            result = self.Person._find_available(
                shifts,
                person_ids=SQL("SELECT id FROM reserve_person WHERE name LIKE %s", "Crowd %"),
            )
        self.assertEqual(result, expected)

    def test_empty_list_of_people_needs_no_query(self):
        with self.assertQueryCount(0):
            shifts = [(utc("2026-01-05 06:00:00"), utc("2026-01-05 14:00:00"))]
            self.assertEqual(self.Person._find_available(shifts, []), [])

    def test_shift_ending_before_it_starts_is_refused(self):
        with self.assertRaises(UserError):
            self.Person._find_available([(utc("2026-01-05 14:00:00"), utc("2026-01-05 06:00:00"))])

    def test_pattern_line_must_not_cross_midnight(self):
        person = self._person("Bad Line")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._week(person, (MONDAY, 22, 7))
            self.env.flush_all()

    def test_search_available_on_a_date(self):
        monday_person = self._person("Search Monday")
        self._week(monday_person, (MONDAY, 8, 12))
        on_leave = self._person("Search On Leave")
        self._week(on_leave, (MONDAY, 8, 12))
        self._slot(on_leave, "2026-01-04 23:00:00", "2026-01-05 23:00:00", kind="unavailable")
        half_busy = self._person("Search Half Busy")
        self._week(half_busy, (MONDAY, 8, 12))
        self._slot(half_busy, "2026-01-05 07:00:00", "2026-01-05 09:00:00", kind="unavailable")
        slot_person = self._person("Search Slot")
        self._slot(slot_person, "2026-01-05 20:00:00", "2026-01-05 22:00:00")
        paused = self._person("Search Paused", state="paused")
        self._week(paused, (MONDAY, 8, 12))
        everyone = monday_person | on_leave | half_busy | slot_person | paused
        found = self.Person.search([("id", "in", everyone.ids), ("available_on", "=", "2026-01-05")])
        self.assertEqual(found, monday_person | half_busy | slot_person)
        found = self.Person.search([("id", "in", everyone.ids), ("available_on", "=", "2026-01-06")])
        self.assertFalse(found)
