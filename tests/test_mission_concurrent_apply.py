"""Volunteer missions: 20 signed-in volunteers tap “I apply” at the same second, over HTTP.

The mission never takes more people than its places: the first get a place (pending, the
structure validates), the others the waiting list, in order; nobody gets an error page.
"""

import datetime
import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

PEOPLE = 20
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _sign_in(server, login, password):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{server['url']}/web/login", timeout=180) as response:
        token = CSRF_RE.search(response.read().decode())[1]
    data = urllib.parse.urlencode({"login": login, "password": password, "csrf_token": token}).encode()
    with opener.open(f"{server['url']}/web/login", data=data, timeout=180) as response:
        response.read()
    return opener


def _open_then_apply(server, opener, mission_id, barrier):
    url = f"{server['url']}/reserve/missions/{mission_id}"
    with opener.open(url, timeout=180) as response:
        page = response.read().decode()
    assert "o_reserve_mission_apply_button" in page, "a signed-in volunteer sees the apply button"
    token = CSRF_RE.search(page)[1]
    barrier.wait(timeout=120)
    try:
        with opener.open(f"{url}/apply", data=urllib.parse.urlencode({"csrf_token": token}).encode(), timeout=180) as r:
            return r.status, r.geturl(), r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


@pytest.mark.parametrize("seats", [1, 3])
def test_concurrent_applications_never_exceed_the_places(server, as_user, seats):
    admin = as_user("admin")
    suffix = f"{int(time.time() * 1000)}{seats}"
    portal_group = admin.call(
        "ir.model.data", "search_read", [("module", "=", "base"), ("name", "=", "group_portal")], fields=["res_id"]
    )[0]["res_id"]
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

    logins = []
    for index in range(PEOPLE):
        login = f"benevole.{suffix}.{index}@example.com"
        user_id = admin.call(
            "res.users",
            "create",
            {"name": f"Bénévole {index}", "login": login, "password": login, "group_ids": [(6, 0, [portal_group])]},
        )
        partner_id = admin.call("res.users", "read", [user_id], fields=["partner_id"])[0]["partner_id"][0]
        admin.call("res.partner", "write", [partner_id], {"email": login})
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
        logins.append(login)

    openers = [_sign_in(server, login, login) for login in logins]
    barrier = threading.Barrier(PEOPLE)
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        results = list(pool.map(lambda opener: _open_then_apply(server, opener, mission_id, barrier), openers))

    statuses = [status for status, _url, _page in results]
    assert statuses == [200] * PEOPLE, statuses
    outcomes = [urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("done", [""])[0] for _s, url, _p in results]
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
