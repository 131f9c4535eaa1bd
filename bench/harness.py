"""A tiny benchmark harness: a separate database, seeded once, pages timed with Django's test client."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gelingen.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import signals  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# The handler resets the query log at every request start; keep it so whole requests are counted.
signals.request_started.disconnect(reset_queries)
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Result:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    size_kb: float

    def row(self) -> str:
        return (
            f"| {self.name} | {self.p50_ms:.1f} | {self.p95_ms:.1f} | {self.queries} | {self.size_kb:.0f} |"
        )


def measure(name: str, request: Callable[[], object], repeat: int = 30) -> Result:
    request()  # warm-up (session write, caches)
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    queries = len(ctx.captured_queries)  # read now: the log is cleared below
    assert response.status_code == 200, (name, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
        reset_queries()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return Result(name, statistics.median(times), p95, queries, len(response.content) / 1024)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report(results: list[Result]) -> str:
    lines = [
        "| page | p50 ms | p95 ms | queries | KB |",
        "|---|---|---|---|---|",
        *(r.row() for r in results),
    ]
    return "\n".join(lines)
