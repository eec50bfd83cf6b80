"""The production profile of docker-compose.yml, run natively (no Docker engine needed): the
real nginx with config/nginx.conf in front of two "odoo-web" servers in prefork mode (HTTP
workers and a gevent process each, no cron) and one "odoo-cron" server (the scheduled jobs
only), all on one database and one data directory (filestore and sessions), with the
options of config/odoo.prod.conf.

The servers run on a restored copy of the test database, where only the mail queue's cron
is active and the queue is empty; their logs and nginx's access log (which names the server of each request) are
kept in pytest's temporary directory, whose path the failures print."""

import base64
import configparser
import email
import http.client
import http.cookies
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
import websocket
from conftest import ApiClient, ApiError, free_port
from db_copy import copy_database, cursor, drop_database, filestore, odoo_cmd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from devlib.nginx import local_proxy  # noqa: E402
from devlib.smtp_sink import SmtpSink  # noqa: E402

PROD_CONF = REPO / "config" / "odoo.prod.conf"
WEB_WORKERS = 2  # odoo.prod.conf has 4 for a production host; this machine has 2 cores
SETUP = """
import datetime, json
cron = env.ref("mail.ir_cron_mail_scheduler_action")
env.cr.execute("UPDATE ir_cron SET active = (id = %%s)", [cron.id])
# The demo data's queued mail is not this test's: the queue then holds only the test's mail.
env.cr.execute("UPDATE mail_mail SET state = 'cancel' WHERE state IN ('outgoing', 'exception')")
env["ir.config_parameter"].sudo().search([("key", "=", "web.base.url.freeze")]).unlink()
env["ir.mail_server"].create({
    "name": "Relais local (test de topologie)", "smtp_host": "127.0.0.1", "smtp_port": %(smtp_port)d,
    "smtp_encryption": "none", "sequence": 0,
})
admin = env.ref("base.user_admin")
expiry = datetime.datetime.now() + datetime.timedelta(days=1)
key = env["res.users.apikeys"].with_user(admin).sudo()._generate("rpc", "topology test", expiry)
env.cr.commit()
print("SETUP=" + json.dumps({"key": key, "cron": cron.id, "admin": admin.id, "login": admin.login}))
"""
ACCESS_LINE = re.compile(r'^(\d{3}) "(\S+) (\S+) [^"]*" upstream="([^"]*)" upstream_status="([^"]*)"$')
CRON_JOB_LINE = "odoo.addons.base.models.ir_cron: Job "


def prod_options():
    """The options of config/odoo.prod.conf that a native server takes as they are."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PROD_CONF)
    options = parser["options"]
    args = []
    for name in ("db_maxconn",):
        args += [f"--{name}", options[name]]
    for name in ("limit_memory_soft", "limit_memory_hard", "limit_time_cpu", "limit_time_real", "limit_request"):
        args += [f"--{name.replace('_', '-')}", options[name]]
    if options.getboolean("proxy_mode"):
        args.append("--proxy-mode")
    if not options.getboolean("list_db"):
        args.append("--no-database-list")
    return args


class OdooServer:
    """One Odoo server of the topology, in its own process group, logging to ``log_path``."""

    def __init__(self, name, dbname, log_path, *args, gevent_port=None):
        self.name, self.log_path, self.gevent_port = name, log_path, gevent_port
        self.http_port = free_port()
        ports = ["--http-interface", "127.0.0.1", "--http-port", str(self.http_port)]
        if gevent_port:
            ports += ["--gevent-port", str(gevent_port)]
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [*odoo_cmd(), "-d", dbname, *prod_options(), *args, *ports, "--log-level", "info"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def address(self):
        return f"127.0.0.1:{self.http_port}"

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def wait_until(condition, what, servers, timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        for server in servers:
            assert server.process.poll() is None, f"{server.name} stopped while waiting for {what}: {server.log_path}"
        try:
            if condition():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}; logs in {servers[0].log_path.parent}")
        time.sleep(0.5)


def http_request(url, method="GET", path="/", body=None, headers=None, timeout=60):
    """(status, headers, body) of one request on a new connection; redirects are not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def is_up(url):
    status, _headers, _body = http_request(url, path="/web/health", timeout=5)
    return status == 200


def websocket_opens(url):
    try:
        ws = websocket.create_connection(url, origin=url.replace("ws://", "http://", 1), timeout=30)
    except websocket.WebSocketException:
        # The gevent process loads the registry in its first request: on a busy machine the
        # handshake can time out or close before; wait_until asks again.
        return False
    ws.close()
    return True


class Browser:
    """A browser's cookies over plain requests, with the Host and headers a client sends."""

    def __init__(self, url, headers=None):
        self.url, self.headers, self.cookies = url, dict(headers or {}), {}

    def request(self, method, path, body=None, headers=None, url=None):
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        status, response_headers, content = http_request(url or self.url, method, path, body, headers)
        for cookie in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(cookie).items():
                self.cookies[name] = morsel.value
        return status, response_headers, content

    def sign_in(self, login, password):
        """The login form: GET /web/login for the CSRF token, then POST it; the redirect's Location."""
        status, _headers, page = self.request("GET", "/web/login")
        assert status == 200, page[-2000:]
        csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"login": login, "password": password, "csrf_token": csrf})
        status, headers, page = self.request(
            "POST", "/web/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 303, (status, page[-2000:])
        assert "/web/login" not in headers["Location"], headers["Location"]
        return headers["Location"]

    def session_uid(self, url=None, tag=""):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}})
        status, _headers, content = self.request(
            "POST", f"/web/session/get_session_info?topology={tag}", body, {"Content-Type": "application/json"}, url
        )
        assert status == 200, content[-2000:]
        return json.loads(content).get("result", {}).get("uid")


class Topology:
    def __init__(self, dbname, work, setup, sink):
        self.dbname, self.work, self.sink = dbname, work, sink
        self.key, self.cron_id, self.admin_id = setup["key"], setup["cron"], setup["admin"]
        self.admin_login = setup["login"]
        self.access_log = work / "nginx-access.log"
        self.webs = [
            OdooServer(
                f"web-{n}",
                dbname,
                work / f"web-{n}.log",
                "--workers",
                str(WEB_WORKERS),
                "--max-cron-threads",
                "0",
                gevent_port=free_port(),
            )
            for n in (1, 2)
        ]
        self.cron = OdooServer("cron", dbname, work / "cron.log", "--workers", "0", "--max-cron-threads", "1")
        self.servers = [*self.webs, self.cron]
        self.proxy = None

    def wait_ready(self):
        for server in self.servers:
            wait_until(lambda s=server: is_up(s.url), f"{server.name} /web/health", self.servers)
        for web in self.webs:
            # The gevent process starts after the HTTP workers.
            ws_url = f"ws://127.0.0.1:{web.gevent_port}/websocket"
            wait_until(lambda u=ws_url: websocket_opens(u), f"{web.name}'s gevent port", self.servers)

    def api(self, url):
        return ApiClient({"url": url, "db": self.dbname}, self.admin_login, self.key)

    def access(self, tag, minimum, since=0, timeout=15):
        """The access log's (status, path, upstream addresses, upstream statuses) of the requests
        whose path holds ``tag`` (or one of the tags of a tuple), from its line ``since`` on;
        waits for ``minimum`` of them (nginx logs a request once it ends, a websocket once it
        is closed)."""
        tags = (tag,) if isinstance(tag, str) else tag
        deadline = time.monotonic() + timeout
        while True:
            lines = []
            for line in self.access_lines()[since:]:
                match = ACCESS_LINE.match(line)
                if match and any(one in match.group(3) for one in tags):
                    status, _method, path, addrs, statuses = match.groups()
                    lines.append((int(status), path, addrs.split(", "), statuses.split(", ")))
            if len(lines) >= minimum or time.monotonic() > deadline:
                return lines
            time.sleep(0.2)

    def access_lines(self):
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []

    def evidence(self):
        return f"logs in {self.work}"

    def tails(self, lines=25):
        """The end of each log, without the request lines of werkzeug."""
        logs = [(server.name, server.log_path) for server in self.servers]
        logs += [("nginx", path) for path in self.work.glob("nginx-*/error.log")]
        text = []
        for name, path in logs:
            content = [line for line in path.read_text(errors="replace").splitlines() if " werkzeug: " not in line]
            text += [f"----- {name}: {path}", *content[-lines:]]
        return "\n".join(text)


@pytest.fixture(scope="module")
def topology(server, tmp_path_factory, request):
    if not os.environ.get("RESERVE_ODOO_CMD") or not os.environ.get("RESERVE_PG"):
        pytest.fail("Run these tests with `python3 scripts/dev.py test`.")
    args = odoo_cmd()
    assert "--data-dir" in args, "the servers share the data directory of the test command"
    work = tmp_path_factory.mktemp("production-topology")
    dbname = f"{server['db']}_topology"
    copy_database(server["db"], dbname, work)
    smtp_port = free_port()
    shell = [*args[:2], "shell", *args[2:], "-d", dbname, "--no-http", "--log-level", "warn"]
    result = subprocess.run(
        shell, input=SETUP % {"smtp_port": smtp_port}, capture_output=True, text=True, timeout=300, check=False
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("SETUP=")), None)
    assert line, result.stdout[-2000:] + result.stderr[-2000:]
    setup = json.loads(line.removeprefix("SETUP="))
    topology, failed_before = None, request.session.testsfailed
    try:
        with SmtpSink(smtp_port) as sink:
            topology = Topology(dbname, work, setup, sink)
            topology.wait_ready()
            with local_proxy(
                [web.address for web in topology.webs],
                [f"127.0.0.1:{web.gevent_port}" for web in topology.webs],
                free_port(),
                workdir=work,
                access_log=topology.access_log,
            ) as url:
                topology.proxy = url
                yield topology
    finally:
        if topology:
            for odoo in topology.servers:
                odoo.stop()
            if request.session.testsfailed > failed_before:
                reporter = request.config.pluginmanager.get_plugin("terminalreporter")
                reporter.write_line("\n" + topology.tails())
        drop_database(dbname)


@pytest.fixture(scope="module")
def admin_browser(topology):
    """The administrator, signed in with the login form through the proxy."""
    browser = Browser(topology.proxy)
    browser.sign_in(topology.admin_login, "admin")
    return browser


def test_requests_through_the_proxy_reach_both_web_servers(topology):
    for n in range(12):
        status, _headers, page = http_request(topology.proxy, path=f"/web/login?topology=spread-{n}")
        assert status == 200, page[-2000:]
    lines = topology.access("topology=spread-", 12)
    assert [status for status, *_ in lines] == [200] * 12, lines
    served_by = {addrs[-1] for _status, _path, addrs, _statuses in lines}
    assert served_by == {web.address for web in topology.webs}, (lines, topology.evidence())
    for web in topology.webs:
        # Each server's own log has some of these requests, and the cron server none.
        assert "topology=spread-" in web.log(), topology.evidence()
    assert "topology=spread-" not in topology.cron.log()


def test_a_session_signed_in_through_the_proxy_is_valid_on_every_web_server(topology, admin_browser):
    for n in range(8):
        status, headers, page = admin_browser.request("GET", f"/odoo/action-base.action_res_users?topology=session-{n}")
        assert status == 200, (status, headers.get("Location"), topology.evidence())
        assert f'"uid": {topology.admin_id}'.encode() in page, "the web client of the signed-in user"
        assert admin_browser.session_uid(tag=f"session-rpc-{n}") == topology.admin_id
    served_by = {addrs[-1] for _status, _path, addrs, _statuses in topology.access("topology=session-", 16)}
    assert served_by == {web.address for web in topology.webs}, topology.evidence()
    # And straight on each web server, past the proxy: the session file is in the shared data dir.
    for web in topology.webs:
        assert admin_browser.session_uid(url=web.url) == topology.admin_id, web.name


def test_an_attachment_uploaded_on_one_web_server_is_read_on_the_other(topology, admin_browser):
    first, second = topology.webs
    content = f"Convention de mise à disposition {uuid.uuid4()}\n".encode() * 50
    datas = base64.b64encode(content).decode()
    attachment = topology.api(first.url).call(
        "ir.attachment", "create", {"name": "convention-topologie.txt", "datas": datas, "mimetype": "text/plain"}
    )
    [record] = topology.api(second.url).call("ir.attachment", "read", [attachment], ["datas", "store_fname"])
    assert record["datas"] == datas
    # In the filestore of the data directory (not in the database), whichever server wrote it.
    assert record["store_fname"] and (filestore(topology.dbname) / record["store_fname"]).read_bytes() == content
    status, _headers, body = admin_browser.request("GET", f"/web/content/{attachment}?download=true", url=second.url)
    assert status == 200 and body == content


def test_the_websocket_upgrades_through_the_proxy_to_a_gevent_port(topology):
    ws_url = f"{topology.proxy.replace('http://', 'ws://', 1)}/websocket"
    for _n in range(2):
        ws = websocket.create_connection(ws_url, origin=topology.proxy, timeout=20)
        try:
            assert ws.getstatus() == 101
            assert ws.getheaders()["upgrade"].lower() == "websocket"
        finally:
            ws.close()
    lines = topology.access("/websocket", 2)
    assert [status for status, *_ in lines] == [101, 101], lines
    gevent = {f"127.0.0.1:{web.gevent_port}" for web in topology.webs}
    assert {addrs[-1] for _status, _path, addrs, _statuses in lines} == gevent, (lines, topology.evidence())


def test_crons_run_in_the_cron_server_only(topology):
    subject = f"Topologie de production {uuid.uuid4()}"
    admin = topology.api(topology.proxy)
    mail = admin.call(
        "mail.mail",
        "create",
        {
            "subject": subject,
            "email_from": "reserve@exemple-reserve.fr",
            "email_to": "topologie@exemple-reserve.fr",
            "body_html": "<p>Envoyé par le serveur des tâches planifiées.</p>",
        },
    )
    # What Odoo's cron._trigger() does when mail is queued: a trigger due now, then a
    # notification that wakes the cron workers up (Odoo sends it on the 'postgres' database).
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    admin.call("ir.cron.trigger", "create", {"cron_id": topology.cron_id, "call_at": now})

    def sent():
        with cursor("postgres") as cr:
            cr.execute("SELECT pg_notify('cron_trigger', %s)", [topology.dbname])
        with topology.sink.lock:
            return any(email.message_from_bytes(raw)["Subject"] == subject for _rcpts, raw in topology.sink.messages)

    wait_until(sent, "the queued mail at the SMTP sink", topology.servers, timeout=90)
    # Odoo logs « successfully sent » after the SMTP server has taken the message: the sink
    # can hold it a moment before the line is in the cron server's log.
    sent_line = f"Mail (mail.mail) with ID {mail} "
    wait_until(
        lambda: sent_line in topology.cron.log(), "the cron server's log of the sending", topology.servers, timeout=30
    )
    cron_log = topology.cron.log()
    assert re.search(rf"{CRON_JOB_LINE}.* \({topology.cron_id}\) starting", cron_log), topology.evidence()
    for web in topology.webs:
        log = web.log()
        assert CRON_JOB_LINE not in log, f"{web.name} ran a cron: {topology.evidence()}"
        assert sent_line not in log


def test_forwarded_headers_are_honoured_behind_the_proxy(topology):
    # A TLS terminator in front of nginx says https; nginx passes the Host as X-Forwarded-Host.
    browser = Browser(topology.proxy, {"Host": "reserve.exemple-reserve.fr", "X-Forwarded-Proto": "https"})
    location = browser.sign_in(topology.admin_login, "admin")
    assert location.startswith(("/", "https://reserve.exemple-reserve.fr/")), location
    # The administrator's sign-in records the base URL the server saw: the public one.
    base_url = topology.api(topology.proxy).call("ir.config_parameter", "get_param", key="web.base.url")
    assert base_url == "https://reserve.exemple-reserve.fr"
    status, _headers, page = browser.request("GET", "/odoo?topology=forwarded")
    assert status == 200 and f'"uid": {topology.admin_id}'.encode() in page


def test_the_proxy_keeps_serving_when_a_web_server_dies(topology, figure):
    """Last of the module: it kills web-2, then pages (GET) and API calls (POST) go on."""
    alive, dead = topology.webs
    admin = topology.api(topology.proxy)
    since = len(topology.access_lines())
    dead.stop(signal.SIGKILL)
    statuses = []
    for n in range(10):
        status, _headers, _page = http_request(topology.proxy, path=f"/web/login?topology=failover-{n}")
        statuses.append(status)
        # A refused connection sent nothing: a POST is passed to the next server too.
        try:
            admin.call("res.users", "search_count", [("id", "=", topology.admin_id)])
            statuses.append(200)
        except ApiError as error:
            statuses.append(error.status)
    # Only this test's requests: a line of the test before may be written after ``since``
    # was read (nginx logs a request once its answer is sent).
    lines = topology.access(("topology=failover-", "/json/2/res.users/search_count"), 20, since=since)
    retried = [line for line in lines if len(line[2]) > 1]
    errors = sum(status >= 500 for status in statuses)
    figure(f"fault web_server_killed requests={len(statuses)} errors={errors} retried_on_the_other={len(retried)}")
    assert statuses == [200] * 20, statuses
    assert len(lines) == 20 and [status for status, *_ in lines] == [200] * 20, lines
    assert {addrs[-1] for _status, _path, addrs, _statuses in lines} == {alive.address}, lines
    # nginx tried the dead server once, then left it out (max_fails=1, fail_timeout=10s).
    assert retried and all(line[2] == [dead.address, alive.address] for line in retried), lines
