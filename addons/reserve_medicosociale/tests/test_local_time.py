import datetime

from odoo.tests import TransactionCase, tagged

from ..tools.local_time import local_midnight, local_to_naive_utc, to_local, to_naive_utc

UTC = datetime.UTC


def dt(text):
    return datetime.datetime.fromisoformat(text)


@tagged("post_install", "-at_install")
class TestLocalTime(TransactionCase):
    """The reserve's one clock (tools/local_time.py): Paris wall-clock time ↔ naive UTC."""

    def test_paris_time_to_utc_in_summer_and_winter(self):
        self.assertEqual(local_to_naive_utc(datetime.date(2031, 7, 15), datetime.time(8, 0)), dt("2031-07-15 06:00"))
        self.assertEqual(local_to_naive_utc(datetime.date(2031, 1, 15), datetime.time(8, 0)), dt("2031-01-15 07:00"))

    def test_utc_to_paris_time_in_summer_and_winter(self):
        self.assertEqual(to_local(dt("2031-07-15 06:00")).replace(tzinfo=None), dt("2031-07-15 08:00"))
        self.assertEqual(to_local(dt("2031-01-15 07:00")).replace(tzinfo=None), dt("2031-01-15 08:00"))
        # Late in the evening in UTC is already the next day in Paris.
        self.assertEqual(to_local(dt("2031-07-15 22:30")).date(), datetime.date(2031, 7, 16))

    def test_local_midnight(self):
        self.assertEqual(local_midnight(datetime.date(2031, 7, 15)), dt("2031-07-14 22:00"))
        self.assertEqual(local_midnight(datetime.date(2031, 1, 15)), dt("2031-01-14 23:00"))

    def test_aware_datetimes_become_naive_utc(self):
        aware = datetime.datetime(2031, 7, 15, 8, 0, tzinfo=to_local(dt("2031-07-15 06:00")).tzinfo)
        self.assertEqual(to_naive_utc(aware), dt("2031-07-15 06:00"))
        self.assertEqual(to_naive_utc(dt("2031-07-15 06:00")), dt("2031-07-15 06:00"))
        self.assertEqual(to_naive_utc(datetime.datetime(2031, 7, 15, 6, 0, tzinfo=UTC)), dt("2031-07-15 06:00"))

    def test_overnight_shift_in_summer_and_winter(self):
        Need = self.env["reserve.need"]
        night = (datetime.time(21, 0), datetime.time(7, 0))
        self.assertEqual(
            Need._portal_shift_utc(datetime.date(2031, 7, 15), *night), (dt("2031-07-15 19:00"), dt("2031-07-16 05:00"))
        )
        self.assertEqual(
            Need._portal_shift_utc(datetime.date(2031, 1, 15), *night), (dt("2031-01-15 20:00"), dt("2031-01-16 06:00"))
        )

    def test_nights_across_the_changes_of_time_last_as_long_as_they_really_do(self):
        Need = self.env["reserve.need"]
        night = (datetime.time(21, 0), datetime.time(7, 0))
        # Paris moves to summer time on Sunday 30 March 2031 at 02:00: that night lasts 9 hours.
        start, stop = Need._portal_shift_utc(datetime.date(2031, 3, 29), *night)
        self.assertEqual((start, stop), (dt("2031-03-29 20:00"), dt("2031-03-30 05:00")))
        # And back to winter time on Sunday 26 October 2031 at 03:00: that night lasts 11 hours.
        start, stop = Need._portal_shift_utc(datetime.date(2031, 10, 25), *night)
        self.assertEqual((start, stop), (dt("2031-10-25 19:00"), dt("2031-10-26 06:00")))
