"""Volunteer missions: 20 signed-in volunteers tap “I apply” at the same second, over HTTP.

The mission never takes more people than its places: the first get a place (pending, the
structure validates), the others the waiting list, in order; nobody gets an error page.
"""

import datetime
import time

import pytest
from http_race import Browser, create_portal_users, csrf_token, outcome, race

PEOPLE = 20


def _open_then_apply(browser, mission_id, go):
    path = f"/reserve/missions/{mission_id}"
    page = browser.get(path)
    assert "o_reserve_mission_apply_button" in page, "a signed-in volunteer sees the apply button"
    token = csrf_token(page)
    go()
    return browser.post(f"{path}/apply", {"csrf_token": token})


@pytest.mark.parametrize("seats", [1, 3])
def test_concurrent_applications_never_exceed_the_places(server, as_user, seats):
    admin = as_user("admin")
    suffix = f"{int(time.time() * 1000)}{seats}"
    commune_id = admin.call("reserve.commune", "search", [("insee_code", "=", "50129")])[0]
    member_id = admin.call(
        "res.partner", "search", [("member_state", "=", "member"), ("is_company", "=", True)], limit=1
    )[0]
    activity_id = admin.call("reserve.mission.activity", "search", [], limit=1)[0]
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=5)).replace(
        hour=13, minute=0, second=0, microsecond=0, tzinfo=None
    )
    stop = start + datetime.timedelta(hours=2)
    mission_id = admin.call(
        "reserve.mission",
        "create",
        {
            "name": f"Lecture aux résidents {suffix}",
            "description": "Lire le journal aux résidents qui le souhaitent.",
            "activity_id": activity_id,
            "structure_id": member_id,
            "commune_id": commune_id,
            "tutor_name": "Mme Test, animatrice",
            "seats": seats,
            "date_ids": [(0, 0, {"start": f"{start:%Y-%m-%d %H:%M:%S}", "stop": f"{stop:%Y-%m-%d %H:%M:%S}"})],
        },
    )
    admin.call("reserve.mission", "action_submit", [mission_id])
    admin.call("reserve.mission", "action_publish", [mission_id])

    logins = [f"benevole.{suffix}.{index}@example.com" for index in range(PEOPLE)]
    for user_id, partner_id in create_portal_users(admin, logins, "Bénévole %d"):
        admin.call(
            "reserve.person",
            "create",
            {
                "partner_id": partner_id,
                "user_id": user_id,
                "category": "volunteer",
                "commune_id": commune_id,
                "consent_date": "2026-01-05 10:00:00",
                "consent_text": "J'accepte.",
            },
        )

    browsers = [Browser(server, login) for login in logins]
    results = race(browsers, lambda browser, go: _open_then_apply(browser, mission_id, go))

    statuses = [status for status, _url, _page in results]
    assert statuses == [200] * PEOPLE, statuses
    outcomes = [outcome(url, "done") for _s, url, _p in results]
    assert outcomes.count("applied") == seats, outcomes
    assert outcomes.count("waitlist") == PEOPLE - seats, outcomes
    participations = admin.call(
        "reserve.mission.participation", "search_read", [("mission_id", "=", mission_id)], fields=["state", "person_id"]
    )
    states = [p["state"] for p in participations]
    assert states.count("pending") == seats
    assert states.count("waitlist") == PEOPLE - seats
    assert len({p["person_id"][0] for p in participations}) == PEOPLE, "one participation per person"
    mission = admin.call(
        "reserve.mission", "read", [mission_id], fields=["seats_taken", "seats_left", "waitlist_count"]
    )[0]
    assert (mission["seats_taken"], mission["seats_left"], mission["waitlist_count"]) == (seats, 0, PEOPLE - seats)
