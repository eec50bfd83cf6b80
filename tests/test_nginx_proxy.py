"""The production profile's reverse proxy (config/nginx.conf), run in a real nginx in front
of the test server: pages and the websocket go through it."""

import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import websocket
from conftest import free_port

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from devlib.nginx import local_proxy  # noqa: E402


@pytest.fixture
def proxy(server, tmp_path):
    """nginx with config/nginx.conf, its upstreams pointed at the test server (threaded: the
    websocket is on its HTTP port) instead of the odoo-web containers, on a loopback port."""
    upstream = urlparse(server["url"]).netloc
    with local_proxy(upstream, upstream, free_port(), workdir=tmp_path) as url:
        yield url


def test_pages_go_through_the_proxy(proxy):
    with urllib.request.urlopen(f"{proxy}/web/health", timeout=10) as response:
        assert response.status == 200
        assert b'"status": "pass"' in response.read()
    with urllib.request.urlopen(f"{proxy}/web/login", timeout=30) as response:
        assert response.status == 200
        assert b'name="login"' in response.read()


def test_websocket_goes_through_the_proxy(proxy):
    # Without the Upgrade and Connection headers of location /websocket, nginx answers the
    # handshake itself and the connection fails.
    ws = websocket.create_connection(f"{proxy.replace('http', 'ws', 1)}/websocket", origin=proxy, timeout=20)
    try:
        assert ws.connected
        assert ws.getstatus() == 101
        assert ws.getheaders()["upgrade"].lower() == "websocket"
    finally:
        ws.close()
