"""The registry of job kinds. A feature app registers its kinds when it is loaded (AppConfig.ready):

    @job_kind("selfreport.export", label=_("Selbstreport-Export"), roles=(LEITUNG, QM))
    def export(ctx: JobContext) -> Outcome: ...

The handler reads `ctx.job.parameters`, reports progress with `ctx.progress(percent, message)` and
returns an `Outcome` (a file, a link, or both). `JobError(message)` ends the job with that message for
the person (no retry); any other exception is logged and retried up to `max_attempts`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.functional import Promise

from .models import Job


class JobError(Exception):
    """A failure the person should read (German, no internals); the job is not retried."""


@dataclass
class Outcome:
    file_name: str = ""  # download name; with `data` the job keeps a result file
    data: bytes = b""
    url: str = ""  # the page of what the job created
    message: str = ""  # shown when done


class JobContext:
    def __init__(self, job: Job, report: Callable[[Job, int, str], None]):
        self.job = job
        self._report = report

    def progress(self, percent: int, message: str = "") -> None:
        """Store progress now (visible to the polling page at once) and count as a sign of life."""
        self._report(self.job, max(0, min(100, int(percent))), message)


Handler = Callable[[JobContext], Outcome | None]


@dataclass(frozen=True)
class JobKind:
    key: str
    handler: Handler
    label: str | Promise
    roles: frozenset[str] = field(default_factory=frozenset)  # besides the requester, who may see it
    max_attempts: int = 3
    timeout: timedelta = timedelta(minutes=10)  # running without a sign of life this long: stuck
    keep: timedelta = timedelta(days=1)  # results are deleted this long after the job finished


_KINDS: dict[str, JobKind] = {}


def job_kind(
    key: str,
    *,
    label: str | Promise,
    roles: Iterable[str] = (),
    max_attempts: int = 3,
    timeout: timedelta = timedelta(minutes=10),
    keep: timedelta = timedelta(days=1),
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _KINDS[key] = JobKind(key, handler, label, frozenset(roles), max_attempts, timeout, keep)
        return handler

    return register


def get(key: str) -> JobKind:
    return _KINDS[key]


def registered() -> dict[str, JobKind]:
    return dict(_KINDS)


def may_see(job: Job, user_id: int, role: str) -> bool:
    """The requester sees their job; other members of its organisation only with a role of its kind."""
    if job.requested_by_id is not None and job.requested_by_id == user_id:
        return True
    kind = _KINDS.get(job.kind)
    return kind is not None and role in kind.roles
