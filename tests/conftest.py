"""Suite-level tests: they drive a running server from outside, as a partner's system would,
through Odoo 19's JSON-2 API (POST /json/2/<model>/<method>, an API key per user) and HTTP.

`scripts/dev.py test` starts the server on the freshly tested database and sets
RESERVE_URL and RESERVE_DB; run them alone with `python3 scripts/dev.py test --suite-only`.
"""

import datetime
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from devlib.ports import free_port  # noqa: E402, F401  (the tests import it from here)

DEMO_PASSWORDS = {
    "admin": "admin",
    "coordinatrice": "coordinatrice",
    "directeur": "directeur",
    "autorite": "autorite",
    "formatrice": "formatrice",
    "reserviste": "reserviste",
}
ACCESS_ERROR = "odoo.exceptions.AccessError"

# Run by `odoo-bin shell` on the test database: one API key per demo user, valid one day,
# made as each user makes theirs (Preferences > Account security > New API key).
API_KEY_SCRIPT = """
import datetime, json
keys = {}
for login in %(logins)r:
    user = env["res.users"].search([("login", "=", login)])
    expiry = datetime.datetime.now() + datetime.timedelta(days=1)
    keys[login] = env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "suite tests", expiry)
env.cr.commit()
print("API_KEYS=" + json.dumps(keys))
"""

# The positional arguments of the ORM methods the tests call, by name (JSON-2 takes named
# arguments only); any other method receives the record ids first.
POSITIONAL = {
    "search": ("domain",),
    "search_count": ("domain",),
    "search_read": ("domain", "fields"),
    "read": ("fields",),
    "create": ("vals_list",),
    "write": ("vals",),
    "read_group": ("domain", "fields", "groupby"),
    "fields_get": ("allfields",),
}
MODEL_METHODS = {"search", "search_count", "search_read", "create", "read_group", "fields_get", "default_get"}


class ApiError(Exception):
    """An error answered by the JSON-2 API: its HTTP status and Odoo's exception name and message."""

    def __init__(self, status, body):
        self.status = status
        self.name = body.get("name", "")
        self.message = body.get("message", "")
        super().__init__(f"{status} {self.name}: {self.message}")

    @property
    def is_access_error(self):
        return self.name == ACCESS_ERROR


# Figures the tests measured (faults…), printed together at the end of the run.
FIGURES = []


@pytest.fixture
def figure():
    """``figure("fault db_restart people=12 …")``: a line of what the test measured, printed in
    the run's "figures" section."""
    return FIGURES.append


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("RESERVE_URL"), os.environ.get("RESERVE_DB")
    if not url or not db:
        pytest.fail("No running server: run these tests with `python3 scripts/dev.py test`.")
    return {"url": url, "db": db}


def json2(server, key, model, method, body):
    """One JSON-2 call: the decoded result, or ApiError."""
    request = urllib.request.Request(
        f"{server['url']}/json/2/{model}/{method}",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"bearer {key}",
            "X-Odoo-Database": server["db"],
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            body = json.loads(payload)
        except ValueError:
            body = {"message": payload.decode(errors="replace")}
        raise ApiError(error.code, body if isinstance(body, dict) else {"message": str(body)}) from None


class ApiClient:
    """JSON-2 access as one user, with that user's API key."""

    def __init__(self, server, login, key):
        self.server, self.login, self.key = server, login, key
        self.uid = self.call("res.users", "search", [("login", "=", login)])[0]

    def call(self, model, method, *args, **kwargs):
        """``call(model, method, *args, **kwargs)`` as with XML-RPC's execute_kw."""
        body = dict(kwargs)
        args = list(args)
        if method not in MODEL_METHODS and args:
            ids = args.pop(0)
            # XML-RPC took [[id]] as well as [id] or id; JSON-2 wants a flat list.
            ids = [ids] if isinstance(ids, int) else ids
            body["ids"] = [i for item in ids for i in (item if isinstance(item, list) else [item])]
        for name, value in zip(POSITIONAL.get(method, ()), args, strict=False):
            body[name] = value
        if len(args) > len(POSITIONAL.get(method, ())):
            raise TypeError(f"JSON-2 takes named arguments: name the extra arguments of {model}.{method}")
        if method == "create" and isinstance(body.get("vals_list"), dict):
            body["vals_list"] = [body["vals_list"]]
            return json2(self.server, self.key, model, method, body)[0]  # one record: its id
        return json2(self.server, self.key, model, method, body)


def run_odoo_shell(server, script):
    """Run ``script`` in `odoo-bin shell` on the server's database; its standard output."""
    base_cmd = os.environ.get("RESERVE_ODOO_CMD")
    if not base_cmd:
        pytest.fail("Run these tests with `python3 scripts/dev.py test` (RESERVE_ODOO_CMD is not set).")
    cmd = base_cmd.split("\x1f")
    shell = [*cmd[:2], "shell", *cmd[2:], "-d", server["db"], "--no-http", "--log-level", "warn"]
    result = subprocess.run(shell, input=script, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout + result.stderr


def make_api_keys(server, logins):
    """{login: a new API key of that user}, made on the server's database."""
    output = run_odoo_shell(server, API_KEY_SCRIPT % {"logins": sorted(logins)})
    line = next((line for line in output.splitlines() if line.startswith("API_KEYS=")), None)
    assert line, output[-4000:]
    return json.loads(line.removeprefix("API_KEYS="))


@pytest.fixture(scope="session")
def api_keys(server):
    """An API key for each demo user, made once for the whole run."""
    return make_api_keys(server, DEMO_PASSWORDS)


@pytest.fixture(scope="session")
def as_user(server, api_keys):
    clients = {}

    def connect(login):
        if login not in clients:
            clients[login] = ApiClient(server, login, api_keys[login])
        return clients[login]

    return connect


def people_of_establishments_domain(coordinator, establishments, with_missions=True):
    """The reservists the managers of ``establishments`` may read: their employees and the
    people proposed or assigned to them, and, with reserve_mission, the volunteers holding a
    place in their missions (not those waitlisted, declined or only invited). The contacts
    (e-mail, phone) of mission volunteers stay hidden: ``with_missions=False`` gives the
    people whose contact the managers read."""
    domain = [
        ("employer_id", "in", establishments),
        ("proposal_ids.establishment_id", "in", establishments),
        ("assignment_ids.establishment_id", "in", establishments),
    ]
    fields = coordinator.call("reserve.person", "fields_get", attributes=["type"])
    if with_missions and "mission_participation_ids" in fields:
        holding_a_place = [
            ("mission_id.structure_id", "in", establishments),
            ("state", "in", ["pending", "validated", "done"]),
        ]
        domain.append(("mission_participation_ids", "any", holding_a_place))
    return ["|"] * (len(domain) - 1) + domain


def create_need(client, coordinator, establishment, headcount, hours_ahead=72):
    """A draft need of ``establishment`` posted by ``client``: the first job, the loan contract
    type, one 7-hour shift ``hours_ahead`` hours from now (UTC)."""
    job = coordinator.call("reserve.job", "search", [], limit=1)[0]
    loan = coordinator.call("reserve.contract.type", "search", [("code", "=", "loan")])[0]
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    start = now + datetime.timedelta(hours=hours_ahead)
    stop = start + datetime.timedelta(hours=7)
    return client.call(
        "reserve.need",
        "create",
        {
            "establishment_id": establishment,
            "job_id": job,
            "headcount": headcount,
            "urgency": "week",
            "contract_type_ids": [(6, 0, [loan])],
            "shift_ids": [(0, 0, {"start": f"{start:%Y-%m-%d %H:%M:%S}", "stop": f"{stop:%Y-%m-%d %H:%M:%S}"})],
        },
    )
