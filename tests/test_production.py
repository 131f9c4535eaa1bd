"""Production serving: settings from the environment (S3, JSON logs), gunicorn's settings, downloads
from a storage that is not a file system, no file paths in the code."""

import json
import logging
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from gelingen.core.logs import JsonFormatter
from gelingen.quality.evidence.models import Evidence
from tests.evidence import files
from tests.evidence.test_views import form_data

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-real-and-long-secret-key-from-the-environment-1234",
    "ALLOWED_HOSTS": "gelingen.example",
}


def _django(code: str, tmp_path: Path, **extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "LOG_", "DJANGO_ALLOW"))}
    env.update(PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)
    env["DJANGO_SETTINGS_MODULE"] = "gelingen.settings"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


S3 = {
    "S3_BUCKET": "gelingen-uploads",
    "S3_ENDPOINT_URL": "https://s3.example.net",
    "S3_ACCESS_KEY_ID": "key-id",
    "S3_SECRET_ACCESS_KEY": "secret",
}


def test_uploads_go_to_s3_when_a_bucket_is_configured(tmp_path):
    out = _django(
        "from django.core.files.storage import default_storage as s; s._setup(); w = s._wrapped; "
        "print(type(w).__name__, w.bucket_name, w.endpoint_url, w.default_acl, w.file_overwrite, w.location)",
        tmp_path,
        **S3,
    )
    assert out.split() == [
        "S3Storage",
        "gelingen-uploads",
        "https://s3.example.net",
        "private",
        "False",
        "uploads",
    ]


def test_local_disk_by_default(tmp_path):
    out = _django(
        "from django.core.files.storage import default_storage as s; s._setup(); print(type(s._wrapped).__name__)",
        tmp_path,
    )
    assert out.strip() == "FileSystemStorage"


@pytest.mark.parametrize("extra", [{}, {"LOG_FORMAT": "json", **S3}], ids=["local", "s3-json-logs"])
def test_check_deploy_is_clean(tmp_path, extra):
    out = _django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        tmp_path,
        **extra,
    )
    assert "no issues" in out


def test_log_format_json_writes_one_object_per_line(tmp_path):
    out = _django(
        "import logging, sys; logging.getLogger().handlers[0].stream = sys.stdout; "
        "logging.getLogger('gelingen.test').warning('Erinnerung an %s', 'qm@example.org', extra={'org': 7})",
        tmp_path,
        LOG_FORMAT="json",
    )
    entry = json.loads(out)
    assert entry["level"] == "WARNING" and entry["logger"] == "gelingen.test"
    assert entry["message"] == "Erinnerung an qm@example.org" and entry["org"] == 7
    assert entry["time"].endswith("+00:00")


def test_json_formatter_keeps_the_exception_and_the_request():
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, "f.py", 1, "Fehler", (), sys.exc_info()
        )

    class Request:
        method, path = "POST", "/o/a/evidence/"

    record.request = Request()
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: kaputt" in entry["exception"]
    assert (entry["method"], entry["path"]) == ("POST", "/o/a/evidence/")


def test_gunicorn_workers_threads_and_timeout(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["workers"] == 2 * os.cpu_count() + 1
    assert conf["wsgi_app"] == "gelingen.wsgi:application" and conf["threads"] == 2
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "120")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["timeout"]) == (3, 120)


@pytest.mark.django_db
def test_download_streams_from_a_storage_without_paths(
    client, settings, staff_a, reader_a, qm_b, org_a, cycle_a
):
    """With S3 the download still passes the permission check and streams through the app."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    client.force_login(staff_a)
    upload = files.upload("Protokoll.pdf", files.PDF)
    response = client.post(
        reverse("evidence:create", args=[org_a.slug]), form_data(location="", upload=upload)
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = reverse("evidence:download", args=[org_a.slug, evidence.pk])
    client.force_login(reader_a)
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PDF
    assert "no-store" in response["Cache-Control"]
    client.force_login(qm_b)  # another organisation's person
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302


def test_no_code_asks_a_stored_file_for_its_path():
    """`FieldFile.path` exists only on local disk; S3 has none. Read through `.open()` instead."""
    offences = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "gelingen").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.(file|pdf|docx|org_chart|image)\.path\b|storage\.path\(", line)
    ]
    assert offences == []


def test_redis_cache_url_uses_djangos_redis_backend(tmp_path):
    out = _django(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        tmp_path,
        CACHE_URL="redis://127.0.0.1:6379/5",
    )
    assert out.strip() == "django.core.cache.backends.redis.RedisCache"
