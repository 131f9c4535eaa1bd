"""Production defaults: `check --deploy` is clean with DEBUG off and a real secret."""

import os
import subprocess
import sys

from django.conf import settings


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-real-and-long-secret-key-from-the-environment-1234",
        "ALLOWED_HOSTS": "gelingen.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert settings.MEDIA_ROOT != settings.STATIC_ROOT
