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


def _production_setting(tmp_path, name, **env_extra):
    """A setting as production would see it (DEBUG off), read in a fresh process."""
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "TRUSTED_PROXY_COUNT")
        },
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-real-and-long-secret-key-from-the-environment-1234",
        "ALLOWED_HOSTS": "gelingen.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env_extra,
    }
    code = f"from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_forwarded_proto_is_trusted_only_behind_a_configured_proxy(tmp_path):
    """Without a proxy, a client could send X-Forwarded-Proto: https itself and pass as a secure request."""
    assert _production_setting(tmp_path, "SECURE_PROXY_SSL_HEADER") == "None"
    assert _production_setting(tmp_path, "SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_COUNT="0") == "None"
    assert (
        _production_setting(tmp_path, "SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_COUNT="1")
        == "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_a_negative_proxy_count_means_no_proxy(tmp_path):
    assert _production_setting(tmp_path, "TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="-2") == "0"
    assert _production_setting(tmp_path, "SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_COUNT="-2") == "None"


def test_login_throttle_uses_the_shared_client_address():
    assert settings.AXES_CLIENT_IP_CALLABLE == "gelingen.core.client_address.client_address"
