"""compose.yaml and the Dockerfile, checked without Docker: the services, their wiring to the settings,
the scheduled commands and the start-up steps."""

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_services():
    assert set(SERVICES) == {"app", "scheduler", "db", "redis"}
    assert SERVICES["app"]["command"] == ["gunicorn"]
    assert SERVICES["scheduler"]["command"] == ["deploy/scheduler.sh"]
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert "/healthz" in " ".join(SERVICES["app"]["healthcheck"]["test"])
    assert SERVICES["app"]["ports"] == ["127.0.0.1:8000:8000"]  # only the TLS proxy reaches it


def test_app_and_scheduler_share_database_cache_and_files():
    for name in ("app", "scheduler"):
        service = SERVICES[name]
        env = service["environment"]
        assert "@db:5432/" in env["DATABASE_URL"] and env["CACHE_URL"].startswith("redis://redis:6379/")
        assert env["LOG_FORMAT"] == "json" and env["SITE_URL"].startswith("https://")
        assert "media:/app/var/uploads" in service["volumes"]
        assert {"db", "redis"} <= set(service["depends_on"]) or "app" in service["depends_on"]
    assert SERVICES["scheduler"]["environment"]["GELINGEN_MIGRATE"] == "0"
    assert "backups:/backups" in SERVICES["scheduler"]["volumes"]
    assert set(COMPOSE["volumes"]) == {"db", "media", "backups"}
    assert "db:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]


def test_every_variable_given_to_the_app_is_read_by_it():
    code = (ROOT / "gelingen" / "settings.py").read_text() + (ROOT / "gunicorn.conf.py").read_text()
    code += (ROOT / "deploy" / "entrypoint.sh").read_text()
    for name in SERVICES["app"]["environment"]:
        assert f'"{name}"' in code or "${" + name in code, name
    assert "WEB_CONCURRENCY" in code  # gunicorn reads it itself, gunicorn.conf.py uses it too


def test_the_scheduler_runs_existing_commands_hourly():
    script = (ROOT / "deploy" / "scheduler.sh").read_text()
    commands = set(re.findall(r"manage\.py (\w+)", script))
    assert {"send_reminders", "backup", "clearsessions"} <= commands
    assert commands <= set(get_commands())
    assert "3600" in script


def test_the_container_migrates_and_collects_static_files_on_start():
    dockerfile = (ROOT / "Dockerfile").read_text()
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert 'ENTRYPOINT ["deploy/entrypoint.sh"]' in dockerfile
    assert "migrate --noinput" in entrypoint and "collectstatic --noinput" in entrypoint
    assert entrypoint.rstrip().endswith('exec "$@"')
    # the WeasyPrint libraries are the ones .ci/run installs for `make test`
    ci = (ROOT / ".ci" / "run").read_text()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile and package in ci
    assert (ROOT / "deploy" / "entrypoint.sh").stat().st_mode & 0o111
    assert (ROOT / "deploy" / "scheduler.sh").stat().st_mode & 0o111
