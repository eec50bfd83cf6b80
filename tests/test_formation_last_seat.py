"""The last seat of a training session: two member managers book it at the same instant, over HTTP.

Each manager logs in with their own browser session, opens the session's page on the
portal, and presses “Register” with the other; the server never gives more seats than the
session has: one gets the seat, the other's employee goes on the waitlist. Repeated on
several sessions, since one round may not collide.
"""

import datetime

import pytest
from conftest import ApiClient, make_api_keys
from http_race import Browser, csrf_token, race

ROUNDS = 6
# Demo member managers of formation_mutualisee: EHPAD Les Hortensias and EHPAD Les Mimosas.
MANAGERS = {"directeur": "EHPAD Les Hortensias", "directrice_mimosas": "EHPAD Les Mimosas"}


@pytest.fixture(scope="module")
def api(server, api_keys):
    """JSON-2 calls as a demo user: the suite's keys, and keys for this addon's demo managers."""
    keys = {**api_keys, **make_api_keys(server, MANAGERS)}
    return lambda login: ApiClient(server, login, keys[login]).call


@pytest.fixture(scope="module")
def managers(server, api):
    """For each manager: their member establishment, one of its employees, a browser."""
    result = {}
    for login, member_name in MANAGERS.items():
        call = api(login)
        member_id = call("res.partner", "search", [("name", "=", member_name)], limit=1)[0]
        person_id = call("reserve.person", "search", [("employer_id", "=", member_id)], limit=1)[0]
        result[login] = {"member_id": member_id, "person_id": person_id, "browser": Browser(server, login)}
    return result


def _new_session(coordinator, seats):
    training_id = coordinator("event.type", "search", [("is_training", "=", True)], limit=1)[0]
    day = datetime.date.today() + datetime.timedelta(days=40)
    session_id = coordinator(
        "event.event",
        "create",
        {
            "name": f"Course à la dernière place {day}",
            "event_type_id": training_id,
            "date_begin": f"{day} 07:00:00",
            "date_end": f"{day} 16:00:00",
            "seats_limited": True,
            "seats_max": seats,
            "registration_deadline": f"{day - datetime.timedelta(days=5)} 12:00:00",
            "half_day_ids": [(0, 0, {"date": str(day), "period": "morning"})],
        },
    )
    coordinator("event.event", "action_open_registrations", [session_id])
    return session_id


def _press_book(manager, session_id, go):
    browser = manager["browser"]
    page = browser.get(f"/my/trainings/session/{session_id}")
    assert f'data-member-id="{manager["member_id"]}"' in page, "the manager sees the booking form"
    token = csrf_token(page)
    go()
    return browser.post(
        f"/my/trainings/session/{session_id}/book",
        {"csrf_token": token, "member_id": manager["member_id"], "person_ids": [manager["person_id"]]},
    )


def test_two_managers_never_get_more_seats_than_the_session_has(api, managers):
    coordinator = api("coordinatrice")
    for _round in range(ROUNDS):
        session_id = _new_session(coordinator, seats=1)
        results = race(managers.values(), lambda m, go, s=session_id: _press_book(m, s, go))
        assert [status for status, _url, _page in results] == [200, 200]
        registrations = coordinator(
            "event.registration",
            "search_read",
            [("event_id", "=", session_id)],
            fields=["person_id", "state", "is_waitlisted"],
        )
        assert len(registrations) == 2, registrations
        confirmed = [r for r in registrations if r["state"] == "open"]
        waiting = [r for r in registrations if r["state"] == "draft" and r["is_waitlisted"]]
        assert len(confirmed) == 1, registrations
        assert len(waiting) == 1, registrations
        session = coordinator("event.event", "read", [session_id], fields=["seats_taken", "waitlist_count"])[0]
        assert (session["seats_taken"], session["waitlist_count"]) == (1, 1)
        coordinator("event.event", "action_cancel_session", [session_id])
