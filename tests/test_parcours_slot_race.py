"""A virtual recruitment day: several candidates tap the same time slot of one establishment
at the same instant, over HTTP, each in their own browser session.

The slot is booked once: one candidate gets it (and the video link), the others are told
that it has just been taken and may choose another; nobody gets an error page. Repeated on
several slots, since one round may not collide.
"""

import datetime
import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CANDIDATES = 6
ROUNDS = 3
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _sign_in(server, login, password):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{server['url']}/web/login", timeout=180) as response:
        token = CSRF_RE.search(response.read().decode())[1]
    data = urllib.parse.urlencode({"login": login, "password": password, "csrf_token": token}).encode()
    with opener.open(f"{server['url']}/web/login", data=data, timeout=180) as response:
        response.read()
    return opener


def _open_then_book(server, opener, event_id, slot_id, barrier):
    with opener.open(f"{server['url']}/my/parcours/events/{event_id}", timeout=180) as response:
        page = response.read().decode()
    assert f'data-slot-id="{slot_id}"' in page, "the candidate sees the free slot"
    token = CSRF_RE.search(page)[1]
    barrier.wait(timeout=120)
    body = urllib.parse.urlencode({"csrf_token": token}).encode()
    with opener.open(f"{server['url']}/my/parcours/slots/{slot_id}/book", data=body, timeout=180) as response:
        return response.status, response.geturl()


def test_concurrent_bookings_of_one_slot_give_it_once(server, as_user):
    admin = as_user("admin")
    suffix = str(int(time.time() * 1000))
    portal_group = admin.call(
        "ir.model.data", "search_read", [("module", "=", "base"), ("name", "=", "group_portal")], fields=["res_id"]
    )[0]["res_id"]
    virtual_type = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "parcours_emploi"), ("name", "=", "event_type_virtual_day")],
        fields=["res_id"],
    )[0]["res_id"]
    host_id = admin.call(
        "res.partner", "search", [("member_state", "=", "member"), ("is_company", "=", True)], limit=1
    )[0]
    day = datetime.date.today() + datetime.timedelta(days=30)
    event_id = admin.call(
        "event.event",
        "create",
        {
            "name": f"Journée virtuelle – course aux créneaux {suffix}",
            "event_type_id": virtual_type,
            "date_begin": f"{day} 07:00:00",
            "date_end": f"{day} 12:00:00",
            "date_tz": "Europe/Paris",
            "event_url": "https://visio.example.org/course",
            "parcours_host_ids": [(6, 0, [host_id])],
            "parcours_is_published": True,
        },
    )
    admin.call("event.event", "action_parcours_generate_slots", [event_id])
    slot_ids = admin.call("parcours.event.slot", "search", [("event_id", "=", event_id)], order="start_datetime")
    assert len(slot_ids) >= ROUNDS

    openers = []
    for index in range(CANDIDATES):
        login = f"candidat.{suffix}.{index}@example.com"
        user_id = admin.call(
            "res.users",
            "create",
            {"name": f"Candidat {index}", "login": login, "password": login, "group_ids": [(6, 0, [portal_group])]},
        )
        partner_id = admin.call("res.users", "read", [user_id], fields=["partner_id"])[0]["partner_id"][0]
        admin.call("res.partner", "write", [partner_id], {"email": login})
        openers.append(_sign_in(server, login, login))

    for slot_id in slot_ids[:ROUNDS]:
        barrier = threading.Barrier(CANDIDATES)
        with ThreadPoolExecutor(max_workers=CANDIDATES) as pool:
            results = list(
                pool.map(lambda opener, s=slot_id, b=barrier: _open_then_book(server, opener, event_id, s, b), openers)
            )
        assert [status for status, _url in results] == [200] * CANDIDATES, results
        queries = [urllib.parse.parse_qs(urllib.parse.urlsplit(url).query) for _status, url in results]
        assert sum(1 for q in queries if q.get("done") == ["booked"]) == 1, queries
        assert sum(1 for q in queries if "error" in q) == CANDIDATES - 1, queries
        bookings = admin.call(
            "parcours.slot.booking", "search_read", [("slot_id", "=", slot_id)], fields=["state", "partner_id"]
        )
        assert [b["state"] for b in bookings] == ["booked"], bookings
        # The winner cancels, so that every candidate races again for the next slot.
        admin.call("parcours.slot.booking", "action_cancel", [bookings[0]["id"]])
