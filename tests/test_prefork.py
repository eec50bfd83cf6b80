"""Odoo's production mode: the server started with workers serves HTTP and websockets,
and its log has no traceback (the gevent process used to crash in a loop)."""

import os
import signal
import subprocess
import tempfile
import time
import urllib.request

import pytest
import websocket
from conftest import free_port


def wait_for(url, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped while starting"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(f"{url} did not answer within {timeout} s")


def open_websocket(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, "the server stopped"
        try:
            return websocket.create_connection(url, origin=url.replace("ws://", "http://"), timeout=20)
        except (OSError, websocket.WebSocketException):
            # Refused while the gevent process starts; or a handshake that timed out or closed
            # while it loads the registry (its first request does).
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_workers_serve_http_and_websocket(server):
    base_cmd = os.environ.get("RESERVE_ODOO_CMD")
    if not base_cmd:
        pytest.fail("Run these tests with `python3 scripts/dev.py test` (RESERVE_ODOO_CMD is not set).")
    http_port, gevent_port = free_port(), free_port()
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        process = subprocess.Popen(
            [
                *base_cmd.split("\x1f"),
                "-d",
                server["db"],
                "--workers",
                "2",
                # No cron worker: it would run every due job on the shared test database.
                "--max-cron-threads",
                "0",
                "--http-interface",
                "127.0.0.1",
                "--http-port",
                str(http_port),
                "--gevent-port",
                str(gevent_port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for(f"http://127.0.0.1:{http_port}/web/health", process)
            wait_for(f"http://127.0.0.1:{http_port}/web/login", process)
            # The websocket lives in the gevent process, on its own port (a proxy routes it);
            # that process starts after the HTTP workers.
            ws = open_websocket(f"ws://127.0.0.1:{gevent_port}/websocket", process)
            assert ws.connected
            ws.close()
            time.sleep(3)  # a crashing gevent process is restarted every second: give it time to show
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the master and its workers
                process.wait(timeout=10)
        log.seek(0)
        output = log.read()
    assert "Traceback" not in output, output[-4000:]
    assert "Evented Service (longpolling) running" in output, output[-2000:]
    assert output.count("WorkerHTTP") >= 2, output[-2000:]
