"""Static checks of docker-compose.yml and config/odoo.prod.conf (no server needed)."""

import ast
import configparser
import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from devlib.addons import installable_addons  # noqa: E402

COMPOSE_FILE = REPO / "docker-compose.yml"
PROD_CONF = REPO / "config" / "odoo.prod.conf"
ADDONS = installable_addons()
ADMIN_PASSWD_PLACEHOLDERS = {"", "false", "change-me", "changeme"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def prod_options():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PROD_CONF)
    return parser["options"]


def volume_entries(service):
    """(source, target) of each volume of a service, short or long syntax."""
    entries = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            entries.append((volume.get("source"), volume["target"]))
        else:
            source, target = volume.split(":")[:2]
            entries.append((source, target))
    return entries


def is_bind(source):
    return source is not None and source.startswith((".", "/", "~"))


def bind_mounts(compose):
    """(absolute host path, target) of every bind mount, resolved like Compose does."""
    return [
        ((COMPOSE_FILE.parent / source).resolve(), target)
        for service in compose["services"].values()
        for source, target in volume_entries(service)
        if is_bind(source)
    ]


def host_path_of(compose, target):
    for source, mount_target in bind_mounts(compose):
        if mount_target == target:
            return source
    raise AssertionError(f"no bind mount targets {target}")


def host_ips(port):
    """Host address a published port binds to ("" when it is all interfaces)."""
    if isinstance(port, dict):
        return port.get("host_ip", "")
    parts = str(port).split(":")
    return parts[0] if len(parts) == 3 else ""


def test_compose_defines_db_and_odoo_services(compose):
    assert {"db", "odoo"} <= set(compose["services"])


def test_odoo_service_uses_official_odoo_19_image(compose):
    assert compose["services"]["odoo"]["image"] == "odoo:19.0"


def test_db_service_uses_official_postgres_image(compose):
    assert compose["services"]["db"]["image"].startswith("postgres:")


def test_bind_mount_sources_exist_in_repo(compose):
    sources = [source for source, _target in bind_mounts(compose)]
    missing = [str(source) for source in sources if not source.exists()]
    assert not missing, f"bind mount sources missing: {missing}"


def test_addons_mount_holds_every_addon_with_manifest(compose):
    addons_dir = host_path_of(compose, "/mnt/extra-addons")
    missing = [name for name in ADDONS if not (addons_dir / name / "__manifest__.py").is_file()]
    assert not missing, f"addons without __manifest__.py in {addons_dir}: {missing}"


def test_mounted_config_addons_path_includes_addons_mount(compose):
    conf_path = host_path_of(compose, "/etc/odoo/odoo.conf")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(conf_path)
    addons_path = [path.strip() for path in parser["options"]["addons_path"].split(",")]
    assert "/mnt/extra-addons" in addons_path


def test_odoo_ports_bound_to_loopback_only(compose):
    ports = compose["services"]["odoo"]["ports"]
    assert ports
    assert all(host_ips(port) == "127.0.0.1" for port in ports), ports


def test_odoo_default_command_initialises_nothing(compose):
    command = compose["services"]["odoo"].get("command", [])
    if isinstance(command, str):
        command = command.split()
    assert not {"-i", "--init", "-u", "--update"} & set(command), command


def test_every_service_has_healthcheck(compose):
    for name, service in compose["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_named_volumes_are_declared(compose):
    named = {
        source
        for service in compose["services"].values()
        for source, _target in volume_entries(service)
        if source and not is_bind(source)
    }
    assert named >= {"db-data", "odoo-data"}
    assert named <= set(compose.get("volumes") or {})


def test_prod_conf_disables_database_list(prod_options):
    assert prod_options.getboolean("list_db") is False


def test_prod_conf_enables_proxy_mode(prod_options):
    assert prod_options.getboolean("proxy_mode") is True


def test_prod_conf_runs_several_workers(prod_options):
    assert prod_options.getint("workers") >= 2


def test_prod_conf_holds_no_admin_password(prod_options):
    value = prod_options.get("admin_passwd", "")
    assert value.strip().lower() in ADMIN_PASSWD_PLACEHOLDERS


def test_prod_conf_leaves_database_credentials_to_entrypoint(prod_options):
    # The image's entrypoint passes HOST/USER/PASSWORD only for keys absent here.
    set_here = {"db_host", "db_port", "db_user", "db_password"} & set(prod_options)
    assert not set_here


@pytest.mark.parametrize("path", ["docker-compose.yml", "config/odoo.prod.conf"])
def test_first_install_command_names_every_addon(path):
    """The documented command that creates the production database installs every feature
    addon; a bridge (auto_install, e.g. reserve_sms_twilio) comes by itself with its app."""
    text = (REPO / path).read_text()
    line = next(line for line in text.splitlines() if " -i " in line)
    named = set(line.split(" -i ", 1)[1].split()[0].split(","))
    bridges = {
        name
        for name in ADDONS
        if ast.literal_eval((REPO / "addons" / name / "__manifest__.py").read_text()).get("auto_install")
    }
    assert bridges == {"reserve_sms_twilio"}
    assert named == set(ADDONS) - bridges


# --- the production profile: nginx, several web containers, one cron container ---------

NGINX_CONF = REPO / "config" / "nginx.conf"


def production(compose):
    return {
        name: service for name, service in compose["services"].items() if "production" in service.get("profiles", [])
    }


def command_option(service, option):
    command = service.get("command", [])
    command = command.split() if isinstance(command, str) else command
    return command[command.index(option) + 1] if option in command else None


def nginx_locations():
    """{location: the upstream its proxy_pass resolves to} of config/nginx.conf."""
    text = NGINX_CONF.read_text()
    variables = dict(re.findall(r"set \$(\w+) (\S+);", text))
    locations = {}
    for match in re.finditer(r"location\s+(=\s+)?(\S+)\s*\{(.*?)\}", text, re.S):
        proxy = re.search(r"proxy_pass \$?(\S+);", match.group(3))
        if proxy:
            locations[match.group(2)] = variables.get(proxy.group(1), proxy.group(1))
    return locations, text


def test_production_profile_has_proxy_web_and_cron(compose):
    assert set(production(compose)) == {"proxy", "odoo-web", "odoo-cron"}
    assert production(compose)["proxy"]["image"].startswith("nginx:")
    assert "production" not in compose["services"]["db"].get("profiles", []), "the database serves both profiles"


def test_proxy_mounts_the_routing_config(compose):
    assert host_path_of(compose, "/etc/nginx/conf.d/default.conf") == NGINX_CONF


def test_proxy_routes_websocket_to_gevent_and_the_rest_to_http(prod_options):
    locations, text = nginx_locations()
    assert locations["/websocket"] == f"http://odoo-web:{prod_options.getint('gevent_port')}"
    assert locations["/"] == f"http://odoo-web:{prod_options.getint('http_port')}"
    websocket_block = re.search(r"location /websocket \{(.*?)\}", text, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket_block
    assert "proxy_set_header Connection $connection_upgrade;" in websocket_block
    # Docker's DNS, asked again, so that containers added with --scale get requests.
    assert "resolver 127.0.0.11" in text
    for header in ("X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto"):
        assert f"proxy_set_header {header} " in text


def test_only_the_proxy_is_published_in_production(compose):
    services = production(compose)
    assert not services["odoo-web"].get("ports") and not services["odoo-cron"].get("ports")
    assert all(host_ips(port) == "127.0.0.1" for port in services["proxy"]["ports"])


def test_every_published_port_is_on_loopback(compose):
    for name, service in compose["services"].items():
        assert all(host_ips(port) == "127.0.0.1" for port in service.get("ports", [])), name


def test_several_web_containers_without_crons_and_one_cron_container(compose, prod_options):
    web, cron = production(compose)["odoo-web"], production(compose)["odoo-cron"]
    assert web["deploy"]["replicas"] >= 2
    assert command_option(web, "--max-cron-threads") == "0"
    assert prod_options.getint("workers") >= 2, "the web containers run in prefork mode"
    assert cron["deploy"]["replicas"] == 1
    assert int(command_option(cron, "--max-cron-threads")) >= 1


def test_web_and_cron_share_the_filestore_volume(compose):
    for name in ("odoo-web", "odoo-cron"):
        assert ("odoo-data", "/var/lib/odoo") in volume_entries(production(compose)[name]), name


def test_database_accepts_the_connections_of_the_web_and_cron_containers(compose, prod_options):
    web = production(compose)["odoo-web"]
    per_web = (prod_options.getint("workers") + 1) * prod_options.getint("db_maxconn")  # workers + gevent
    needed = web["deploy"]["replicas"] * per_web + prod_options.getint("db_maxconn")
    max_connections = int(command_option(compose["services"]["db"], "-c").split("=")[1])
    assert max_connections >= needed


def test_proxy_skips_a_dead_web_container_without_replaying_long_requests():
    """A refused or unreachable container is skipped for the next one (tests/
    test_production_topology.py kills one); a request that already ran long is not sent
    again to every container."""
    text = NGINX_CONF.read_text()
    assert "proxy_next_upstream error timeout;" in text
    retry_window = int(re.search(r"proxy_next_upstream_timeout (\d+)s;", text).group(1))
    connect = int(re.search(r"proxy_connect_timeout (\d+)s;", text).group(1))
    read = int(re.search(r"proxy_read_timeout (\d+)s;", text).group(1))
    assert connect < retry_window < read


def test_proxy_waits_longer_than_odoo_lets_a_request_run(prod_options):
    """Odoo's limit_time_real ends a runaway request; the proxy never gives up first (a 504
    while the worker still works, and the user tries again)."""
    text = NGINX_CONF.read_text()
    for option in ("proxy_read_timeout", "proxy_send_timeout"):
        seconds = int(re.search(rf"{option} (\d+)s;", text).group(1))
        assert seconds > prod_options.getint("limit_time_real"), option
