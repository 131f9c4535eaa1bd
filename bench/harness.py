"""A tiny benchmark harness: a separate database, seeded once, pages timed with Django's test client.

Every run first times a bare Django page (`/bench-floor/`: the same middleware, session and login, a
trivial view) and reports each page as a multiple of that floor, so figures from a busy shared machine
stay comparable. Size and database come from the environment (set by `bench/run.py` from its options):
`BENCH_SIZE` = big (default) or small; `DATABASE_URL` = any database, default a SQLite file per size.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
SIZE = os.environ.get("BENCH_SIZE", "big")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'var' / f'bench-{SIZE}.sqlite3'}")
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
settings.ROOT_URLCONF = "bench.urls"  # the project's URLs plus the bare floor page

TARGET_RATIO = 4.0
TARGET_P95_MS = 150.0
_floor: list[float] = []  # p50, p95 of the bare page in this run


@dataclass
class Result:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    size_kb: float
    main: bool = True  # a main page: held to the targets (exports are not)

    @property
    def ratio(self) -> float:
        """p95 / p50 of the bare page: the floor's median, as its own p95 jumps on a busy machine."""
        return self.p95_ms / _floor[0] if _floor else 0.0

    @property
    def shell_ratio(self) -> float:
        """p95 / p50 of the empty organisation page (app shell: membership, header, navigation)."""
        return self.p95_ms / _shell[0] if _shell else 0.0

    @property
    def within_target(self) -> bool:
        return self.ratio <= TARGET_RATIO and self.p95_ms <= TARGET_P95_MS

    @property
    def within_shell_target(self) -> bool:
        return self.shell_ratio <= TARGET_RATIO and self.p95_ms <= TARGET_P95_MS

    def row(self) -> str:
        def mark(ok: bool) -> str:
            return ("ok" if ok else "**over**") if self.main else "–"

        return (
            f"| {self.name} | {self.p50_ms:.1f} | {self.p95_ms:.1f} | {self.queries} | {self.size_kb:.0f} | "
            f"{self.ratio:.1f} | {mark(self.within_target)} | {self.shell_ratio:.1f} | "
            f"{mark(self.within_shell_target)} |"
        )


def _times(request: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
        reset_queries()
    return sorted(times)


def _p95(times: list[float]) -> float:
    return times[min(len(times) - 1, round(0.95 * len(times)) - 1)]


def measure(name: str, request: Callable[[], object], repeat: int = 30, main: bool = True) -> Result:
    request()  # warm-up (session write, caches)
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    queries = len(ctx.captured_queries)  # read now: the log is cleared below
    assert response.status_code == 200, (name, response.status_code)
    times = _times(request, repeat)
    return Result(name, statistics.median(times), _p95(times), queries, len(response.content) / 1024, main)


_shell: list[float] = []


def measure_floors(client: Client, slug: str, repeat: int = 300) -> list[Result]:
    """The bare page and the empty organisation page, timed like every other page; the ratios divide
    by their p50."""
    bare = measure("bare Django page (floor)", lambda: client.get("/bench-floor/"), repeat=repeat)
    _floor[:] = [bare.p50_ms, bare.p95_ms]
    url = f"/o/{slug}/bench-shell/"
    shell = measure("empty organisation page (app shell)", lambda: client.get(url), repeat=repeat)
    _shell[:] = [shell.p50_ms, shell.p95_ms]
    return [bare, shell]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report(results: list[Result]) -> str:
    lines = [
        f"{connection.vendor}, size {SIZE}; target: p95 <= {TARGET_RATIO:.0f}x the floor and "
        f"<= {TARGET_P95_MS:.0f} ms; x = page p95 / floor p50 (floors: the bare page, the empty "
        "organisation page)",
        "",
        "| page | p50 ms | p95 ms | queries | KB | x bare | target (bare) | x shell | target (shell) |",
        "|---|---|---|---|---|---|---|---|---|",
        *(r.row() for r in results),
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Scale:
    orgs: int  # organisations beside the heavy one (the bench person is a member of all of them)
    members: int  # further people per organisation
    evidence: int
    links_per_evidence: int
    feedback: int
    measures: int
    tasks_per_measure: int
    figures: int
    months: int
    words_per_answer: int  # Selbstreport text per answer field (4 per area chapter)


SCALES = {
    "big": Scale(2000, 8, 3000, 2, 3000, 300, 5, 20, 36, 900),
    "small": Scale(60, 3, 300, 2, 300, 30, 5, 5, 12, 150),
}
SCALE = SCALES[SIZE]
