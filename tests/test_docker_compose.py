"""Static checks of docker-compose.yml and config/odoo.prod.conf (no server needed)."""

import configparser
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
    """The documented command that creates the production database installs every addon."""
    text = (REPO / path).read_text()
    line = next(line for line in text.splitlines() if " -i " in line)
    named = set(line.split(" -i ", 1)[1].split()[0].split(","))
    assert named == set(ADDONS)
