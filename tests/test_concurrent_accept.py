"""First accepted answers win: 50 people press “I accept” at the same second, over HTTP.

Each person opens the link of their e-mail (which changes nothing), then presses the
page's button. The need never gets more people than its headcount; the others get a
polite page (200) and their proposal is marked too late.
"""

import datetime
import urllib.parse

import pytest
from http_race import Browser, csrf_token, race

PEOPLE = 50


def _open_then_press(browser, path, go):
    """Open the link like a browser (its own cookies), then press the button with the others."""
    # The server is started with -d and no --db-filter, so it serves that database without listing them.
    page = browser.get(path)
    assert 'data-answer="confirm"' in page, "opening the link only shows what would be answered"
    token = csrf_token(page)
    go()
    status, _url, page = browser.post(path, {"csrf_token": token})
    return status, page


@pytest.mark.parametrize("headcount", [1, 3])
def test_concurrent_accepts_never_exceed_the_headcount(server, as_user, headcount):
    coordinator = as_user("coordinatrice")
    member_id = coordinator.call("res.partner", "search", [("member_state", "=", "member")], limit=1)[0]
    job_id = coordinator.call("reserve.job", "search", [], limit=1)[0]
    loan_id = coordinator.call("reserve.contract.type", "search", [("code", "=", "loan")])[0]
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=5)).replace(microsecond=0, tzinfo=None)
    stop = start + datetime.timedelta(hours=8)
    need_id = coordinator.call(
        "reserve.need",
        "create",
        {
            "establishment_id": member_id,
            "job_id": job_id,
            "headcount": headcount,
            "contract_type_ids": [(6, 0, [loan_id])],
            "shift_ids": [(0, 0, {"start": f"{start:%Y-%m-%d %H:%M:%S}", "stop": f"{stop:%Y-%m-%d %H:%M:%S}"})],
        },
    )
    coordinator.call("reserve.need", "action_open", [need_id])
    person_ids = coordinator.call("reserve.person", "search", [], limit=PEOPLE)
    assert len(person_ids) == PEOPLE, "the demo has 50 reservists at least"
    coordinator.call("reserve.need", "action_send_wave", [need_id], person_ids=person_ids)
    proposals = coordinator.call(
        "reserve.proposal", "search_read", [("need_id", "=", need_id)], fields=["accept_url", "state"]
    )
    assert len(proposals) == PEOPLE and {p["state"] for p in proposals} == {"sent"}

    # The links carry the database's web.base.url: keep their path, on this server.
    paths = [urllib.parse.urlsplit(p["accept_url"]).path for p in proposals]
    results = race(paths, lambda path, go: _open_then_press(Browser(server), path, go))

    statuses = [status for status, _page in results]
    assert statuses == [200] * PEOPLE, statuses
    # The pages speak the users' language (French): count them by their outcome marker.
    assert sum('data-answer="accepted"' in page for _status, page in results) == headcount
    assert sum('data-answer="too_late"' in page for _status, page in results) == PEOPLE - headcount
    assignments = coordinator.call("reserve.assignment", "search_count", [("need_id", "=", need_id)])
    assert assignments == headcount
    states = [
        p["state"]
        for p in coordinator.call("reserve.proposal", "search_read", [("need_id", "=", need_id)], fields=["state"])
    ]
    assert states.count("accepted") == headcount
    assert states.count("too_late") == PEOPLE - headcount
    need = coordinator.call("reserve.need", "read", [need_id], fields=["state", "filled_count"])[0]
    assert need == {"id": need_id, "state": "filled", "filled_count": headcount}
