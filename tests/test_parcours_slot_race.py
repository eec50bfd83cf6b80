"""A virtual recruitment day: several candidates tap the same time slot of one establishment
at the same instant, over HTTP, each in their own browser session.

The slot is booked once: one candidate gets it (and the video link), the others are told
that it has just been taken and may choose another; nobody gets an error page. Repeated on
several slots, since one round may not collide.
"""

import datetime
import time

from http_race import Browser, create_portal_users, csrf_token, outcome, race, xmlid_to_res_id

CANDIDATES = 6
ROUNDS = 3


def _open_then_book(browser, event_id, slot_id, go):
    page = browser.get(f"/my/parcours/events/{event_id}")
    assert f'data-slot-id="{slot_id}"' in page, "the candidate sees the free slot"
    token = csrf_token(page)
    go()
    status, url, _page = browser.post(f"/my/parcours/slots/{slot_id}/book", {"csrf_token": token})
    return status, url


def test_concurrent_bookings_of_one_slot_give_it_once(server, as_user):
    admin = as_user("admin")
    suffix = str(int(time.time() * 1000))
    virtual_type = xmlid_to_res_id(admin, "parcours_emploi", "event_type_virtual_day")
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

    logins = [f"candidat.{suffix}.{index}@example.com" for index in range(CANDIDATES)]
    create_portal_users(admin, logins, "Candidat %d")
    browsers = [Browser(server, login) for login in logins]

    for slot_id in slot_ids[:ROUNDS]:
        results = race(browsers, lambda browser, go, s=slot_id: _open_then_book(browser, event_id, s, go))
        assert [status for status, _url in results] == [200] * CANDIDATES, results
        urls = [url for _status, url in results]
        assert sum(1 for url in urls if outcome(url, "done") == "booked") == 1, urls
        assert sum(1 for url in urls if outcome(url, "error")) == CANDIDATES - 1, urls
        bookings = admin.call(
            "parcours.slot.booking", "search_read", [("slot_id", "=", slot_id)], fields=["state", "partner_id"]
        )
        assert [b["state"] for b in bookings] == ["booked"], bookings
        # The winner cancels, so that every candidate races again for the next slot.
        admin.call("parcours.slot.booking", "action_cancel", [bookings[0]["id"]])
