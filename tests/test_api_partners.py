"""Partner systems on the JSON-2 API (docs/api.md): each calls as its own integration user,
with an API key, and gets exactly what that user's role allows."""

import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta

import pytest
from conftest import ApiClient, ApiError, make_api_keys

HR_LOGIN = "api-logiciel-rh-hortensias"
STATS_LOGIN = "api-tableau-de-bord-departement"


@pytest.fixture(scope="module")
def partners(server, as_user):
    """Two integration users made as docs/api.md says: an establishment's HR software (a member
    manager of that establishment only) and a Département's dashboard (an authority)."""
    admin, coordinator = as_user("admin"), as_user("coordinatrice")
    ref = admin.call(
        "ir.model.data",
        "search_read",
        [
            ("model", "=", "res.groups"),
            ("name", "in", ["reserve_medicosociale_group_member_manager", "reserve_medicosociale_group_authority"]),
        ],
        fields=["name", "res_id"],
    )
    group = {row["name"].rsplit("_", 1)[1]: row["res_id"] for row in ref}
    hortensias = coordinator.call("res.partner", "search", [("name", "=", "EHPAD Les Hortensias")])[0]
    users = {}
    for login, name, role in (
        (HR_LOGIN, "Logiciel RH — EHPAD Les Hortensias", "manager"),
        (STATS_LOGIN, "Tableau de bord — Département", "authority"),
    ):
        existing = admin.call("res.users", "search", [("login", "=", login)])
        users[login] = (
            existing[0]
            if existing
            else admin.call("res.users", "create", {"name": name, "login": login, "group_ids": [(4, group[role])]})
        )
    coordinator.call("res.partner", "write", [hortensias], {"member_manager_ids": [(4, users[HR_LOGIN])]})
    keys = make_api_keys(server, [HR_LOGIN, STATS_LOGIN])
    return {
        "hr": ApiClient(server, HR_LOGIN, keys[HR_LOGIN]),
        "stats": ApiClient(server, STATS_LOGIN, keys[STATS_LOGIN]),
        "hortensias": hortensias,
        "other_member": coordinator.call(
            "res.partner", "search", [("member_state", "=", "member"), ("id", "!=", hortensias)], limit=1
        )[0],
    }


def new_need(client, establishment, coordinator):
    job = coordinator.call("reserve.job", "search", [], limit=1)[0]
    contract = coordinator.call("reserve.contract.type", "search", [], limit=1)[0]
    start = (datetime.now() + timedelta(days=3)).replace(hour=7, minute=0, second=0, microsecond=0)
    stop = start + timedelta(hours=7)
    return client.call(
        "reserve.need",
        "create",
        {
            "establishment_id": establishment,
            "job_id": job,
            "headcount": 2,
            "urgency": "week",
            "contract_type_ids": [(6, 0, [contract])],
            "shift_ids": [(0, 0, {"start": f"{start:%Y-%m-%d %H:%M:%S}", "stop": f"{stop:%Y-%m-%d %H:%M:%S}"})],
        },
    )


def test_hr_software_posts_a_need_and_follows_its_state(partners, as_user):
    hr = partners["hr"]
    need = new_need(hr, partners["hortensias"], as_user("coordinatrice"))
    [row] = hr.call("reserve.need", "read", [need], fields=["name", "state", "establishment_id", "create_uid"])
    assert row["state"] == "draft"
    assert row["name"] != "/", "the need has its reference"
    assert row["establishment_id"][0] == partners["hortensias"]
    assert row["create_uid"][0] == hr.uid, "the need says which partner system posted it"
    hr.call("reserve.need", "action_open", [need])
    assert hr.call("reserve.need", "read", [need], fields=["state"])[0]["state"] == "open"


def test_hr_software_cannot_post_for_another_establishment(partners, as_user):
    with pytest.raises(ApiError) as error:
        new_need(partners["hr"], partners["other_member"], as_user("coordinatrice"))
    assert error.value.is_access_error
    assert error.value.status == 403


def test_hr_software_reads_the_availability_of_its_employees_only(partners, as_user):
    coordinator, hr = as_user("coordinatrice"), partners["hr"]
    employees = coordinator.call("reserve.person", "search", [("employer_id", "=", partners["hortensias"])])
    assert employees, "the demo EHPAD has employees in the reserve"
    patterns = hr.call("reserve.availability.pattern", "search_read", [], fields=["person_id", "weekday"])
    assert patterns, "the employees' weekly availability is readable"
    assert {row["person_id"][0] for row in patterns} <= set(employees)
    others = coordinator.call("reserve.person", "search", [("employer_id", "!=", partners["hortensias"])], limit=5)
    assert not hr.call("reserve.availability.pattern", "search", [("person_id", "in", others)])


def test_dashboard_reads_figures_and_no_person(partners):
    stats = partners["stats"]
    groups = stats.call("reserve.need", "read_group", [], ["headcount:sum"], ["state"], lazy=False)
    assert sum(group["__count"] for group in groups) > 0
    with pytest.raises(ApiError) as error:
        stats.call("reserve.person", "search_read", [], fields=["name", "email", "phone"], limit=1)
    assert error.value.is_access_error


def test_a_wrong_or_missing_key_is_refused(server):
    for headers in ({"Authorization": "bearer not-a-key"}, {}):
        request = urllib.request.Request(
            f"{server['url']}/json/2/reserve.need/search",
            data=json.dumps({"domain": []}).encode(),
            headers={"Content-Type": "application/json", "X-Odoo-Database": server["db"], **headers},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=30)
        assert error.value.code == 401
