"""The reserve from outside: who sees which reservists over the JSON-2 API, and the public pages over HTTP."""

import urllib.error
import urllib.request

import pytest
from conftest import ApiError, people_of_establishments_domain


def test_coordinator_reads_the_whole_reserve(as_user):
    coordinator = as_user("coordinatrice")
    assert coordinator.call("reserve.person", "search_count", []) >= 60
    groups = coordinator.call("reserve.person", "read_group", [], ["category"], ["category"])
    assert len([g for g in groups if g["category"]]) >= 8, "every category is in the demo"


def test_reservist_reads_only_own_profile(as_user):
    reservist = as_user("reserviste")
    profiles = reservist.call("reserve.person", "search_read", [], fields=["name", "state"])
    assert [p["name"] for p in profiles] == ["Léa Martin"]


def test_reservist_is_refused_another_profile_by_id(as_user):
    other_ids = as_user("coordinatrice").call("reserve.person", "search", [("name", "!=", "Léa Martin")], limit=1)
    reservist = as_user("reserviste")
    with pytest.raises(ApiError) as error:
        reservist.call("reserve.person", "read", other_ids, fields=["name", "email", "phone"])
    assert error.value.is_access_error


def test_member_manager_sees_only_own_employees_and_people_sent_to_them(as_user):
    """A director reads their own employees and the people proposed or assigned to their
    establishments: never the rest of the reserve."""
    coordinator = as_user("coordinatrice")
    own = list(coordinator.call("res.partner", "search", [("member_manager_ids.login", "=", "directeur")]))
    expected = set(coordinator.call("reserve.person", "search", people_of_establishments_domain(coordinator, own)))
    everyone = coordinator.call("reserve.person", "search_count", [])
    assert own and expected and len(expected) < everyone, "the demo has people the director must not see"
    people = as_user("directeur").call("reserve.person", "search_read", [], fields=["employer_id"])
    assert {p["id"] for p in people} == expected
    assert any(p["employer_id"] and p["employer_id"][0] in own for p in people), "their own employees"


def test_authority_cannot_read_reservists(as_user):
    authority = as_user("autorite")
    with pytest.raises(ApiError) as error:
        authority.call("reserve.person", "search_read", [], fields=["name"], limit=1)
    assert error.value.is_access_error


def test_public_signup_page_answers(server):
    with urllib.request.urlopen(f"{server['url']}/reserve/inscription", timeout=30) as response:
        page = response.read().decode()
    assert response.status == 200
    assert "<form" in page and "consent" in page.lower()


def test_my_reserve_needs_a_login(server):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as error:
        opener.open(f"{server['url']}/my/reserve", timeout=30)
    assert error.value.code in (302, 303)
    assert "/web/login" in error.value.headers["Location"]
