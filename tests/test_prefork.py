"""Odoo's production mode: the server started with workers serves HTTP and websockets,
and its log has no traceback (the gevent process used to crash in a loop)."""

import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
import websocket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        except ConnectionRefusedError:
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
                "--max-cron-threads",
                "1",
                "--http-interface",
                "127.0.0.1",
                "--http-port",
                str(http_port),
                "--gevent-port",
                str(gevent_port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
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
                process.kill()
        log.seek(0)
        output = log.read()
    assert "Traceback" not in output, output[-4000:]
    assert "Evented Service (longpolling) running" in output, output[-2000:]
    assert output.count("WorkerHTTP") >= 2, output[-2000:]
