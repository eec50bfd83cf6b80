"""The events of the pathways over the external API (JSON-2), as each demo role reads them:
a member's director sees the bookings, registrations and immersion agreements of their own
establishments only, a reservist their own; nobody writes a booking or a signature."""

import pytest
from conftest import ApiError


@pytest.fixture(scope="module")
def coordinator(as_user):
    if not as_user("admin").call("ir.model", "search", [("model", "=", "parcours.slot.booking")]):
        pytest.skip("parcours_emploi is not installed")
    return as_user("coordinatrice")


def test_director_reads_only_their_establishments_bookings_and_agreements(as_user, coordinator):
    director = as_user("directeur")
    managed = set(coordinator.call("res.partner", "search", [("member_manager_ids.login", "=", "directeur")]))
    for model in ("parcours.slot.booking", "parcours.immersion.agreement"):
        everything = coordinator.call(model, "search_read", [], fields=["establishment_id"])
        assert everything, f"the demo has {model} records"
        own = {r["id"] for r in everything if r["establishment_id"][0] in managed}
        assert own, f"the demo director has {model} records"
        assert set(director.call(model, "search", [])) == own, model
    registrations = director.call(
        "event.registration", "search_read", [("parcours_kind", "!=", False)], fields=["event_id", "parcours_kind"]
    )
    assert registrations, "the director sees the registrations of the events their establishment hosts"
    assert all(r["parcours_kind"] != "virtual_day" for r in registrations)


def test_reservist_reads_only_their_own_and_writes_no_booking_or_signature(as_user, coordinator):
    reservist = as_user("reserviste")
    partner_id = reservist.call("res.users", "read", [reservist.uid], fields=["partner_id"])[0]["partner_id"][0]
    bookings = reservist.call("parcours.slot.booking", "search_read", [], fields=["partner_id", "state"])
    assert bookings and all(b["partner_id"][0] == partner_id for b in bookings)
    with pytest.raises(ApiError) as error:
        reservist.call("parcours.slot.booking", "write", [bookings[0]["id"]], {"state": "cancelled"})
    assert error.value.is_access_error
    agreements = reservist.call("parcours.immersion.agreement", "search_read", [], fields=["partner_id"])
    assert agreements and all(a["partner_id"][0] == partner_id for a in agreements)
    with pytest.raises(ApiError) as error:
        reservist.call(
            "parcours.immersion.agreement", "write", [agreements[0]["id"]], {"person_signed_by": "Quelqu'un"}
        )
    assert error.value.is_access_error
    # The signing method acts in the person's name: not callable over the API.
    with pytest.raises(ApiError):
        reservist.call("parcours.immersion.agreement", "_sign", [agreements[0]["id"]], party="person", name="X")


def test_director_writes_only_the_attendance_of_their_registrations(as_user, coordinator):
    director = as_user("directeur")
    own = director.call("event.registration", "search_read", [("parcours_kind", "!=", False)], fields=["state"])
    assert own, "the demo director hosts events with registrations"
    # Anything but the attendance is refused, whatever the registration.
    for values in ({"state": "done"}, {"partner_id": director.uid}, {"parcours_step_recorded": True}):
        with pytest.raises(ApiError) as error:
            director.call("event.registration", "write", [own[0]["id"]], values)
        assert error.value.is_access_error, values
    # The registrations of an event another establishment hosts (the café at the SAAD) are not theirs.
    others = coordinator.call(
        "event.registration", "search", [("parcours_kind", "!=", False), ("id", "not in", [r["id"] for r in own])]
    )
    assert others
    with pytest.raises(ApiError) as error:
        director.call("event.registration", "write", [others[0]], {"parcours_attendance": "absent"})
    assert error.value.is_access_error
