"""Members over the JSON-2 API: who may read and change them from outside."""

import pytest
from conftest import ApiError


def test_coordinator_reads_members_over_the_api(as_user):
    coordinator = as_user("coordinatrice")
    members = coordinator.call(
        "res.partner",
        "search_read",
        [("member_state", "=", "member")],
        fields=["name", "finess_et", "department_id", "finess_category_id"],
    )
    assert len(members) >= 10
    departments = {m["department_id"][1] for m in members if m["department_id"]}
    assert any(d.startswith("50") for d in departments) and any(d.startswith("44") for d in departments)
    assert any(m["name"] == "EHPAD Les Hortensias" and m["finess_et"] == "503395634" for m in members)


def test_coordinator_groups_members_by_territory(as_user):
    coordinator = as_user("coordinatrice")
    groups = coordinator.call(
        "res.partner",
        "read_group",
        [("member_state", "!=", False)],
        ["territory_id"],
        ["territory_id"],
    )
    names = {g["territory_id"][1] for g in groups if g["territory_id"]}
    assert {"Nord-Cotentin", "Loire-Atlantique"} <= names


def test_portal_user_finds_no_member(as_user):
    reservist = as_user("reserviste")
    found = reservist.call("res.partner", "search_read", [("member_state", "=", "member")], fields=["name"])
    assert found == []


def test_portal_user_is_refused_a_member_by_id(as_user):
    member_ids = as_user("coordinatrice").call("res.partner", "search", [("finess_et", "=", "503395634")])
    reservist = as_user("reserviste")
    with pytest.raises(ApiError) as error:
        reservist.call("res.partner", "read", member_ids, fields=["name", "finess_et", "siret"])
    assert error.value.is_access_error


def test_member_manager_cannot_change_another_member(as_user):
    manager = as_user("directeur")
    other = manager.call("res.partner", "search", [("finess_et", "=", "446110975")])
    assert other, "the manager can see the other establishment"
    with pytest.raises(ApiError) as error:
        manager.call("res.partner", "write", other, {"phone": "00 00 00 00 00"})
    assert error.value.is_access_error


def test_invalid_finess_over_rpc_gets_a_clear_message(as_user):
    coordinator = as_user("coordinatrice")
    with pytest.raises(ApiError) as error:
        coordinator.call("res.partner", "create", {"name": "Essai", "is_company": True, "finess_et": "500000048"})
    assert "FINESS" in error.value.message
