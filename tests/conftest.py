"""Suite-level tests: they drive a running server from outside, as a partner's system would.

`scripts/dev.py test` starts the server on the freshly tested database and sets
RESERVE_URL and RESERVE_DB; run them alone with `python3 scripts/dev.py test --suite-only`.
"""

import os
import xmlrpc.client

import pytest

DEMO_PASSWORDS = {
    "admin": "admin",
    "coordinatrice": "coordinatrice",
    "directeur": "directeur",
    "autorite": "autorite",
    "formatrice": "formatrice",
    "reserviste": "reserviste",
}


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("RESERVE_URL"), os.environ.get("RESERVE_DB")
    if not url or not db:
        pytest.fail("No running server: run these tests with `python3 scripts/dev.py test`.")
    return {"url": url, "db": db}


class RpcClient:
    """XML-RPC access as one demo user."""

    def __init__(self, server, login):
        self.url, self.db, self.login = server["url"], server["db"], login
        self.password = DEMO_PASSWORDS[login]
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(self.db, login, self.password, {})
        self.models = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)


@pytest.fixture(scope="session")
def as_user(server):
    def connect(login):
        client = RpcClient(server, login)
        assert client.uid, f"the demo user {login} could not log in"
        return client

    return connect
