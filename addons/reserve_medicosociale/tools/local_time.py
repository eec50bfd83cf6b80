"""The reserve's local time: needs, shifts and weekly availability are entered and shown in
the time of the establishments (Europe/Paris), and stored as naive UTC like every Odoo
datetime."""

import datetime
from zoneinfo import ZoneInfo

RESERVE_TZ = "Europe/Paris"
UTC = datetime.UTC


def to_naive_utc(value):
    """A naive UTC datetime from a naive UTC or an aware datetime."""
    if value.tzinfo:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def to_local(value):
    """A naive UTC datetime as an aware datetime in the reserve's time zone."""
    return value.replace(tzinfo=UTC).astimezone(ZoneInfo(RESERVE_TZ))


def local_midnight(day):
    """The UTC time (naive) of 00:00 on ``day`` in the reserve's time zone."""
    return to_naive_utc(datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(RESERVE_TZ)))


def local_to_naive_utc(day, time):
    """The UTC time (naive) of ``time`` on ``day`` (a date and a time of day, local)."""
    return to_naive_utc(datetime.datetime.combine(day, time, tzinfo=ZoneInfo(RESERVE_TZ)))
