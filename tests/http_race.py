"""People racing over HTTP, for the suite's last-seat tests: each with a browser session of
their own (cookies), who opens a page first and presses its button with the others, at the
same instant.

    results = race(browsers, lambda browser, go: ...)  # ``go()`` waits for the others
"""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = 180
START_TIMEOUT = 120


def csrf_token(page):
    """The CSRF token of the page's form."""
    return CSRF_RE.search(page)[1]


class Browser:
    """A browser session on the server: its own cookies, signed in when given a login (the
    demo users' and the tests' own users' password is their login)."""

    def __init__(self, server, login=None):
        self.url = server["url"]
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        if login:
            page = self.get("/web/login")
            self.post("/web/login", {"csrf_token": csrf_token(page), "login": login, "password": login})

    def get(self, path):
        """The page at ``path`` (an error status raises)."""
        with self.opener.open(self.url + path, timeout=TIMEOUT) as response:
            return response.read().decode()

    def post(self, path, data):
        """Submit ``data`` to ``path``: (status, final URL after redirects, page); an error
        status is returned too, for the test to show."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.url + path, data=body, timeout=TIMEOUT) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, self.url + path, error.read().decode()


def race(items, run):
    """``run(item, go)`` for every item, each in its own thread; ``go()`` blocks until every
    thread has called it, so that what follows it happens at the same instant in all.

    :return: the results of ``run``, in the order of ``items``
    """
    items = list(items)
    barrier = threading.Barrier(len(items))

    def go():
        barrier.wait(timeout=START_TIMEOUT)

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(lambda item: run(item, go), items))


def outcome(url, key):
    """The value of ``key`` in the query string of ``url``, where the portal says what happened
    ("" when it is not there)."""
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get(key, [""])[0]


def xmlid_to_res_id(admin, module, name):
    """The id of the record ``module.name``, read as the administrator."""
    return admin.call(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
    )[0]["res_id"]


def create_portal_users(admin, logins, name):
    """A portal user per login (password: the login, e-mail: the login), named ``name % index``.

    :return: [(user id, partner id)] in the order of ``logins``
    """
    portal_group = xmlid_to_res_id(admin, "base", "group_portal")
    users = []
    for index, login in enumerate(logins):
        user_id = admin.call(
            "res.users",
            "create",
            {"name": name % index, "login": login, "password": login, "group_ids": [(6, 0, [portal_group])]},
        )
        partner_id = admin.call("res.users", "read", [user_id], fields=["partner_id"])[0]["partner_id"][0]
        admin.call("res.partner", "write", [partner_id], {"email": login})
        users.append((user_id, partner_id))
    return users
