"""config/nginx.conf (the production profile's proxy) run by a local nginx on the loopback, in
front of servers of this machine instead of the odoo-web containers: the suite tests of the
proxy and of the production topology, and `make load` use it."""

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


# The upstream groups that stand for the odoo-web service: nginx looks the host of a
# proxy_pass variable up among the upstream groups before it asks the resolver, so the
# `set $odoo_http http://odoo-web:8069;` form of config/nginx.conf stays as it is.
UPSTREAMS = {"odoo-web:8069": "odoo-web-http", "odoo-web:8072": "odoo-web-websocket"}
# The access log says which server answered each request (several, after a failover).
LOG_FORMAT = '\'$status "$request" upstream="$upstream_addr" upstream_status="$upstream_status"\''


def _servers(upstream):
    return [upstream] if isinstance(upstream, str) else list(upstream)


@contextlib.contextmanager
def local_proxy(http_upstream, websocket_upstream, port, workdir=None, access_log=None):
    """Yield the proxy's URL: config/nginx.conf with odoo-web:8069 and odoo-web:8072 replaced by
    upstream groups of ``http_upstream`` and ``websocket_upstream`` (one "127.0.0.1:8069" or a
    list of them, like the containers of odoo-web), listening on ``port``. Each request is
    logged to ``access_log`` (default: the work directory's access.log) with the servers that
    answered it (``upstream="127.0.0.1:8069"``)."""
    nginx = shutil.which("nginx")
    if not nginx:
        raise RuntimeError(
            "nginx is not installed: `python3 scripts/dev.py test` installs Debian's nginx-light as root."
        )
    site = NGINX_CONF.read_text()
    groups = []
    for service, upstream in zip(UPSTREAMS, (http_upstream, websocket_upstream), strict=True):
        if service not in site:
            raise RuntimeError(f"config/nginx.conf should proxy to {service}")
        site = site.replace(service, UPSTREAMS[service])
        servers = "".join(f"    server {server};\n" for server in _servers(upstream))
        groups.append(f"upstream {UPSTREAMS[service]} {{\n{servers}}}\n")
    site = "".join(groups) + site
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
    log_format upstream {LOG_FORMAT};
    access_log {access_log or work / "access.log"} upstream;
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
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited with code {process.returncode}; see {work}/error.log")
            try:
                urllib.request.urlopen(f"{url}/nginx-health", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not answer on {url} within 30 s; see {work}/error.log") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
