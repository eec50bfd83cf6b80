"""What the page of a one-click link shows about the need it answers (proposal, mission)."""

from odoo.tools.misc import format_datetime

from .local_time import RESERVE_TZ

# Needs, shifts and availability are in the establishments' time, whatever the visitor's.
LINK_TZ = RESERVE_TZ
DAY_FORMAT = "EEEE d MMMM y"
TIME_FORMAT = "HH:mm"


def format_local_range(env, start, stop):
    """``Monday 12 January 2026, 07:00 – 15:00`` in Paris time, in the visitor's language; the
    end's day is repeated when it is another day (a night)."""
    day = format_datetime(env, start, tz=LINK_TZ, dt_format=DAY_FORMAT)
    end_day = format_datetime(env, stop, tz=LINK_TZ, dt_format=DAY_FORMAT)
    start_time = format_datetime(env, start, tz=LINK_TZ, dt_format=TIME_FORMAT)
    end_time = format_datetime(env, stop, tz=LINK_TZ, dt_format=TIME_FORMAT)
    if end_day == day:
        return f"{day}, {start_time} – {end_time}"
    return f"{day}, {start_time} – {end_day}, {end_time}"


def address_lines(partner):
    """The establishment's postal address, one line each, without its name."""
    lines = [line.strip() for line in partner._display_address(without_company=True).splitlines()]
    lines = [line for line in lines if line and line != partner.country_id.name]
    if not partner.city and partner.commune_id:
        lines.append(partner.commune_id.name)
    return lines


def need_link_details(need, contract_type):
    """The details of ``need`` that the person answers for (read as the caller's environment allows).

    :return: dict with ``establishment``, ``address`` (lines), ``shifts`` (one line each, Paris
        time), ``job`` and ``contract_type`` (names, or empty strings)
    """
    env = need.env
    establishment = need.establishment_id
    return {
        "establishment": establishment.name or "",
        "address": address_lines(establishment),
        "shifts": [format_local_range(env, shift.start, shift.stop) for shift in need.shift_ids.sorted("start")]
        or ([format_local_range(env, need.date_start, need.date_stop)] if need.date_start and need.date_stop else []),
        "job": need.job_id.name or "",
        "contract_type": contract_type.name or "",
    }
