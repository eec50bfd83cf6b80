"""When the demo's open needs happen, counted from the moment the demo is installed.

Shifts are planned in Paris time (``local_time``), on the weekdays on which the demo
reserve's usual weeks make people available, so that each open demo need ranks people
whatever the day and hour of installation; the people on call for the urgent need get a
dated availability around its shift. Demo data only: ``reserve.need._demo_schedule``.
"""

import datetime

from .local_time import local_to_naive_utc, to_local, to_naive_utc

# Dated availability of the people on call (xml ids of reserve.person).
ON_CALL_PEOPLE = (
    "person_maelle_lepoittevin_demo",
    "person_romain_leveel_demo",
    "person_nadege_lecluze_demo",
    "person_yannick_hamelin_demo",
    "person_servane_gosselin_demo",
    "person_perrine_auvray_demo",
)
ON_CALL_NOTE = "Astreinte : joignable pour une urgence"


def _time(hour, minute=0):
    return datetime.time(hour, minute)


def _next_weekday(day, weekday):
    """``day`` or the first day after it that is ``weekday`` (0 = Monday)."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _local_shift(day, start, stop):
    """A shift from ``start`` on ``day`` to ``stop`` (the next day when it is earlier), naive UTC."""
    stop_day = day + datetime.timedelta(days=1) if stop <= start else day
    return local_to_naive_utc(day, start), local_to_naive_utc(stop_day, stop)


def urgent_shift(now):
    """Tonight's or today's urgent shift: seven hours from the next hour but one."""
    local = to_local(now).replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=2)
    return to_naive_utc(local), to_naive_utc(local + datetime.timedelta(hours=7))


def demo_shifts(now):
    """``{need xml id: [(start, stop)]}``, naive UTC, for the demo needs installed at ``now``."""
    today = to_local(now).date()
    day = datetime.timedelta(days=1)
    week_monday = _next_weekday(today + 21 * day, 0)
    monday = _next_weekday(today + 3 * day, 0)
    saturday = _next_weekday(today + 3 * day, 5)
    tuesday = _next_weekday(today + 7 * day, 1)
    return {
        "need_hortensias_today_demo": [urgent_shift(now)],
        # Three nights from the day after tomorrow: the night nurses work every night.
        "need_clos_fleuri_week_demo": [_local_shift(today + d * day, _time(20, 30), _time(6, 30)) for d in (2, 3, 4)],
        # Monday to Wednesday, three weeks on: the lent educators work on weekdays.
        "need_mecs_planned_demo": [_local_shift(week_monday + d * day, _time(8), _time(16)) for d in (0, 1, 2)],
        "need_saad_draft_demo": [_local_shift(today + 5 * day, _time(7), _time(13))],
        # The Monday and the Saturday of the history's regulars (demo/reserve_history_demo.xml).
        "need_hortensias_nurse_demo": [_local_shift(monday, _time(9), _time(16))],
        "need_bocage_saturday_demo": [_local_shift(saturday, _time(9), _time(16))],
        # Tuesday and Thursday of next week: the home helps of the funnel need.
        "need_saad_funnel_demo": [_local_shift(tuesday + d * day, _time(7), _time(13)) for d in (0, 2)],
    }


def on_call_period(now):
    """The dated availability of the people on call: from an hour ago to the end of tomorrow's
    night, around the urgent shift."""
    start, stop = urgent_shift(now)
    return start - datetime.timedelta(hours=3), stop + datetime.timedelta(hours=12)
