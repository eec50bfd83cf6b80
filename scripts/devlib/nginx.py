"""config/nginx.conf (the production profile's proxy) run by a local nginx on the loopback, in
front of servers of this machine instead of the odoo-web containers: the suite test of the
proxy and `make load` use it."""

import contextlib
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NGINX_CONF = REPO / "config" / "nginx.conf"


@contextlib.contextmanager
def local_proxy(http_upstream, websocket_upstream, port, workdir=None):
    """Yield the proxy's URL: config/nginx.conf with odoo-web:8069 and odoo-web:8072 replaced by
    ``http_upstream`` and ``websocket_upstream`` ("127.0.0.1:8069"), listening on ``port``."""
    nginx = shutil.which("nginx")
    if not nginx:
        raise RuntimeError(
            "nginx is not installed: `python3 scripts/dev.py test` installs Debian's nginx-light as root."
        )
    site = NGINX_CONF.read_text()
    site = site.replace("odoo-web:8069", http_upstream).replace("odoo-web:8072", websocket_upstream)
    site, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{port};", site)
    if listens != 1:
        raise RuntimeError("config/nginx.conf should have one `listen 80;`")
    work = Path(tempfile.mkdtemp(prefix="nginx-", dir=workdir))
    work.chmod(0o777)  # nginx's workers run as nobody
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
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
    if check.returncode != 0:
        raise RuntimeError(f"nginx refuses the configuration: {check.stderr}")
    process = subprocess.Popen([nginx, "-c", str(work / "nginx.conf")], stderr=subprocess.DEVNULL)
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
