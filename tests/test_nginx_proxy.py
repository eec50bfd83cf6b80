"""The production profile's reverse proxy (config/nginx.conf), run in a real nginx in front
of the test server: pages and the websocket go through it."""

import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import websocket
from conftest import free_port

REPO = Path(__file__).resolve().parent.parent
NGINX_CONF = REPO / "config" / "nginx.conf"


@pytest.fixture
def proxy(server, tmp_path):
    """nginx with config/nginx.conf, its upstreams pointed at the test server (threaded: the
    websocket is on its HTTP port) instead of the odoo-web containers, on a loopback port."""
    nginx = shutil.which("nginx")
    if not nginx:
        pytest.fail("nginx is not installed: `python3 scripts/dev.py test` installs Debian's nginx-light as root.")
    upstream = urlparse(server["url"]).netloc
    site = NGINX_CONF.read_text()
    site = site.replace("odoo-web:8069", upstream).replace("odoo-web:8072", upstream)
    port = free_port()
    site, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{port};", site)
    assert listens == 1
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    work.chmod(0o777)
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{}}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""
    )
    check = subprocess.run([nginx, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(50):
            try:
                urllib.request.urlopen(f"{url}/nginx-health", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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
