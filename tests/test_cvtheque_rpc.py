"""The CV library from outside: a member not chosen by the person gets nothing, by search,
by id or through the full-text search; authorities get no CV; the job offers are public."""

import urllib.request

import pytest
from conftest import ApiError


@pytest.fixture(scope="module")
def cvs(as_user):
    """Three CVs made by the coordinator: shared with all members, with one member the demo
    `directeur` does not manage, and with the association only."""
    coordinator = as_user("coordinatrice")
    managed = coordinator.call("res.partner", "search", [("member_manager_ids.login", "=", "directeur")])
    other = coordinator.call(
        "res.partner", "search", [("member_state", "=", "member"), ("id", "not in", managed)], limit=1
    )
    partner = coordinator.call("res.partner", "create", {"name": "Candidate RPC", "email": "rpc@example.com"})
    made = {}
    for key, values in (
        ("all", {"visibility": "all"}),
        ("other", {"visibility": "selected", "member_ids": [(6, 0, other)]}),
        ("association", {"visibility": "association"}),
    ):
        made[key] = coordinator.call(
            "cvtheque.cv",
            "create",
            {
                "name": f"Ergothérapeute suite RPC {key}",
                "partner_id": partner,
                "summary": "Ergothérapeute en MAS.",
                **values,
            },
        )
    return made


def test_member_reads_only_the_cvs_shared_with_them(as_user, cvs):
    manager = as_user("directeur")
    ids = list(cvs.values())
    assert manager.call("cvtheque.cv", "search", [("id", "in", ids)]) == [cvs["all"]]
    rows = manager.call("cvtheque.cv", "search_fulltext", text="ergotherapeute suite rpc", limit=50)
    found = {row["id"] for row in rows}
    assert cvs["all"] in found
    assert not found & {cvs["other"], cvs["association"]}
    for key in ("other", "association"):
        with pytest.raises(ApiError) as refused:
            manager.call("cvtheque.cv", "read", [cvs[key]], fields=["name", "summary"])
        assert refused.value.is_access_error


def test_consent_fields_cannot_be_written(as_user, cvs):
    coordinator = as_user("coordinatrice")
    with pytest.raises(ApiError) as refused:
        coordinator.call("cvtheque.cv", "write", [cvs["all"]], {"consent_date": "2020-01-01 00:00:00"})
    assert refused.value.is_access_error


def test_authority_reads_no_cv(as_user, cvs):
    authority = as_user("autorite")
    with pytest.raises(ApiError) as refused:
        authority.call("cvtheque.cv", "search", [])
    assert refused.value.is_access_error


def test_offers_page_is_public(server):
    with urllib.request.urlopen(f"{server['url']}/offres-emploi?db={server['db']}", timeout=30) as response:
        assert response.status == 200
        assert b"o_cvtheque_offers" in response.read()


def test_talent_pool_holds_only_the_cvs_shared_with_the_member(as_user, cvs):
    """Recruitment's shared talent pool: the CVs shared with members are its talents, and a
    member reads there only those shared with them (the other's and the association's not)."""
    coordinator = as_user("coordinatrice")
    pool = coordinator.call("hr.talent.pool", "search", [("is_cvtheque_pool", "=", True)])
    assert len(pool) == 1
    talents = {
        key: coordinator.call("hr.applicant", "search", [("cv_id", "=", cv_id), ("talent_pool_ids", "in", pool)])
        for key, cv_id in cvs.items()
    }
    assert talents["all"] and talents["other"] and not talents["association"]
    manager = as_user("directeur")
    seen = manager.call("hr.applicant", "search", [("talent_pool_ids", "in", pool)])
    assert talents["all"][0] in seen
    assert talents["other"][0] not in seen
    with pytest.raises(ApiError) as refused:
        manager.call("hr.applicant", "read", talents["other"], fields=["partner_name"])
    assert refused.value.is_access_error
    authority = as_user("autorite")
    with pytest.raises(ApiError) as refused:
        authority.call("hr.applicant", "search", [("talent_pool_ids", "in", pool)])
    assert refused.value.is_access_error
