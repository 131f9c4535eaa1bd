"""`/healthz`: 200 with both parts ok, 503 naming the failing part, no login, nothing sensitive."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthy(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_answers_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: password authentication failed for gelingen")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}
    assert b"password" not in response.content and b"gelingen" not in response.content


def test_cache_that_keeps_nothing_answers_503(client, settings):
    # The dummy backend accepts every write and returns nothing, like a cache that lost its data.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


def test_cache_that_raises_answers_503(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}
    assert b"redis" not in response.content


def test_only_reads(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_no_https_redirect_for_the_health_check(client, settings):
    """Container and load-balancer probes speak plain HTTP to the app itself."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/login/").status_code == 301


def test_redis_that_does_not_answer_gives_503(client, settings):
    # Port 1 refuses at once: the real Redis backend fails as it would with the server down.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}
