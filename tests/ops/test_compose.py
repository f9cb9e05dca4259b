"""docker-compose.yml runs production as README "Production" says (issue 15): a front server
(TLS, static files, size limits) before an unpublished gunicorn, worker, beat, PostgreSQL,
Redis and a nightly backup; volumes for the database, uploads and backups; health checks on all.

`docker compose config` needs the compose plugin, which this machine's docker client lacks and
which works without an engine where it exists: the file is checked against the Compose
Specification's JSON schema (compose_spec.json, as shipped in docker-compose 1.29.2, Apache
License 2.0, (c) Docker, Inc.) and read for what production needs; the plugin's own check runs
where the plugin is installed.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import needs

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"front", "web", "worker", "beat", "backup", "db", "redis"}
ENV = {
    "SITE_DOMAIN": "budget.terjola.gov.ge",
    "SECRET_KEY": "s" * 50,
    "VOTER_KEY_SECRET": "v" * 50,
    "POSTGRES_PASSWORD": "p" * 20,
}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # resolves << merges


def test_the_compose_file_follows_the_compose_specification(compose):
    schema = json.loads((Path(__file__).parent / "compose_spec.json").read_text())
    errors = sorted(
        f"{'/'.join(map(str, e.path))}: {e.message}"
        for e in jsonschema.Draft201909Validator(schema).iter_errors(compose)
    )
    assert errors == []


def test_the_schema_check_catches_a_misspelt_key(compose):
    broken = json.loads(json.dumps(compose))
    broken["services"]["web"]["healthcheck"]["intervall"] = "15s"
    schema = json.loads((Path(__file__).parent / "compose_spec.json").read_text())
    assert list(jsonschema.Draft201909Validator(schema).iter_errors(broken))


def test_every_part_runs_and_has_a_health_check(compose):
    assert set(compose["services"]) == SERVICES
    for name, service in compose["services"].items():
        assert service.get("healthcheck", {}).get("test"), name


def test_only_the_front_server_is_published(compose):
    published = {name for name, s in compose["services"].items() if s.get("ports")}
    assert published == {"front"}
    assert {"80:80", "443:443"} <= set(compose["services"]["front"]["ports"])
    assert compose["services"]["web"]["expose"] == ["8000"]


def test_health_checks_use_healthz_for_web_and_readyz_for_the_worker(compose):
    services = compose["services"]
    assert "http://127.0.0.1:8000/healthz" in services["web"]["healthcheck"]["test"]
    for name in ("worker", "beat"):
        test = services[name]["healthcheck"]["test"]
        assert "http://web:8000/readyz" in test and test[-1] == "worker", name
    assert services["backup"]["healthcheck"]["test"][-3:] == ["backup", "--check-age", "26"]


def test_uploads_database_and_backups_live_on_volumes(compose):
    services = compose["services"]
    assert {"pgdata", "uploads", "backups", "static"} <= set(compose["volumes"])
    for name in ("web", "worker"):
        assert services[name]["environment"]["MEDIA_ROOT"] == "/srv/uploads"
        assert "uploads:/srv/uploads" in services[name]["volumes"], name
    assert "uploads:/srv/uploads:ro" in services["backup"]["volumes"]
    assert services["backup"]["environment"]["BACKUP_DIR"] == "/backups"
    assert "backups:/backups" in services["backup"]["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "static:/srv/static:ro" in services["front"]["volumes"]


def test_the_app_knows_it_is_behind_one_https_proxy(compose):
    env = compose["services"]["web"]["environment"]
    assert env["DEBUG"] == "0" and env["NUM_PROXIES"] == "1"
    assert env["CSRF_TRUSTED_ORIGINS"] == "https://${SITE_DOMAIN}"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile
    assert "max_size {$MAX_REQUEST_BODY:60MiB}" in caddyfile
    assert (
        compose["services"]["front"]["environment"]["MAX_REQUEST_BODY"]
        == "${MAX_REQUEST_BODY:-60MiB}"
    )


def test_the_scripts_the_containers_run_are_there_and_executable(compose):
    for name in ("healthcheck", "backup-nightly", "backup"):
        mode = (ROOT / "scripts" / name).stat().st_mode
        assert mode & stat.S_IXUSR, name
    assert compose["services"]["backup"]["command"] == "scripts/backup-nightly"


@needs(shutil.which("caddy"), "caddy is not installed (.ci/run installs it)")
def test_caddy_accepts_the_front_servers_configuration(tmp_path):
    done = subprocess.run(
        ["caddy", "validate", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
        cwd=ROOT,
        env={**os.environ, "SITE_DOMAIN": "budget.terjola.gov.ge", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr


def _compose_plugin() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


# The one test allowed to skip under CI: a container runtime is not something `.ci/run` installs.
@pytest.mark.skipif(not _compose_plugin(), reason="the docker compose plugin is not installed")
def test_docker_compose_config_accepts_the_file():
    done = subprocess.run(
        ["docker", "compose", "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_the_health_check_script_reads_healthz_and_the_worker_part_of_readyz(live_server, settings):
    def check(*args):
        return subprocess.run(
            [sys.executable, "scripts/healthcheck", *args],
            cwd=ROOT, capture_output=True, text=True, timeout=30,
        ).returncode  # fmt: skip

    assert check(f"{live_server.url}/healthz") == 0
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker is expected, and none has run
    assert check(f"{live_server.url}/readyz") == 1
    assert check(f"{live_server.url}/readyz", "worker") == 1
    assert check(f"{live_server.url}/readyz", "database") == 0
    assert check("http://127.0.0.1:9/healthz") == 1  # nothing listens


def test_the_front_server_serves_public_photos_only(compose):
    front, web = compose["services"]["front"], compose["services"]["web"]
    assert "uploads:/srv/uploads:ro" in front["volumes"]
    assert "uploads:/srv/uploads" in web["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    served = [line for line in caddyfile.splitlines() if line.strip().startswith("@public_media")]
    assert served == ["\t@public_media path /media/ideas/* /media/implementation/*"]
    assert "proposals" not in served[0]
