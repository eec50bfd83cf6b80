"""Partner systems on the JSON-2 API (docs/api.md): each calls as its own integration user,
with an API key, and gets exactly what that user's role allows."""

import json
import urllib.error
import urllib.request

import pytest
from conftest import ApiClient, ApiError, create_need, json2, make_api_keys, run_odoo_shell

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


def test_hr_software_posts_a_need_and_follows_its_state(partners, as_user):
    hr = partners["hr"]
    need = create_need(hr, as_user("coordinatrice"), partners["hortensias"], headcount=2)
    [row] = hr.call("reserve.need", "read", [need], fields=["name", "state", "establishment_id", "create_uid"])
    assert row["state"] == "draft"
    assert row["name"] != "/", "the need has its reference"
    assert row["establishment_id"][0] == partners["hortensias"]
    assert row["create_uid"][0] == hr.uid, "the need says which partner system posted it"
    hr.call("reserve.need", "action_open", [need])
    assert hr.call("reserve.need", "read", [need], fields=["state"])[0]["state"] == "open"


def test_hr_software_cannot_post_for_another_establishment(partners, as_user):
    with pytest.raises(ApiError) as error:
        create_need(partners["hr"], as_user("coordinatrice"), partners["other_member"], headcount=2)
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


# What docs/api.md tells the administrator to do the day a partner stops (Revoke, which
# Odoo's dialog does after checking the administrator's password), and a key past its date.
END_KEYS_SCRIPT = """
env.cr.execute(
    "UPDATE res_users_apikeys SET expiration_date = (now() at time zone 'utc') - interval '1 minute'"
    " WHERE index = %%s", [%(expired)r])
env.cr.execute("SELECT id FROM res_users_apikeys WHERE index = %%s", [%(revoked)r])
env["res.users.apikeys"].browse([row[0] for row in env.cr.fetchall()])._remove()
env.cr.commit()
print("KEYS_ENDED")
"""


def test_a_revoked_or_an_expired_key_is_refused_and_the_others_still_work(server, partners):
    keys = make_api_keys(server, [HR_LOGIN, STATS_LOGIN])
    revoked, expired = keys[HR_LOGIN], keys[STATS_LOGIN]
    for key in (revoked, expired):
        assert json2(server, key, "res.users", "context_get", {})["lang"]
    # Odoo stores the first 8 characters of a key in clear, to find its hash.
    assert "KEYS_ENDED" in run_odoo_shell(server, END_KEYS_SCRIPT % {"revoked": revoked[:8], "expired": expired[:8]})
    for key in (revoked, expired):
        with pytest.raises(ApiError) as error:
            json2(server, key, "res.users", "context_get", {})
        assert error.value.status == 401
    # Each partner's other key goes on working.
    for client in (partners["hr"], partners["stats"]):
        assert client.call("res.users", "context_get")["lang"]
