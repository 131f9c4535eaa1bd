"""Queue, claim and run jobs; requeue stuck ones; delete expired results. Plain functions on the
database (no broker): the `run_jobs` command calls them in a loop, tests call them directly.

Claiming is safe with several workers: on PostgreSQL the next job is locked with
`SELECT ... FOR UPDATE SKIP LOCKED`; SQLite has no row locks, but its IMMEDIATE transactions serialise
writers and the update only succeeds while the job is still queued. Every function takes `now` so that
tests run on fixed times.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation, User

from . import kinds
from .kinds import JobContext, JobError, Outcome
from .models import Job

logger = logging.getLogger(__name__)

RETRY_DELAY = timedelta(seconds=30)  # times the attempt number
ACTIVE = (Job.State.QUEUED, Job.State.RUNNING)


def enqueue(
    kind: str,
    organisation: Organisation,
    requested_by: User | None,
    parameters: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    origin_url: str = "",
) -> Job:
    kinds.get(kind)  # an unknown kind fails here, not later in the worker
    now = now or timezone.now()
    return Job.objects.create(
        kind=kind,
        organisation=organisation,
        requested_by=requested_by,
        parameters=dict(parameters or {}),
        created_at=now,
        run_after=now,
        message=_("Wartet auf den Start …"),
        origin_url=origin_url,
    )


def enqueue_once(
    kind: str,
    organisation: Organisation,
    requested_by: User | None,
    parameters: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    origin_url: str = "",
) -> Job:
    """The same job again while one is still queued or running: answer that one (double clicks)."""
    wanted = dict(parameters or {})
    for job in Job.objects.filter(kind=kind, organisation=organisation, state__in=ACTIVE):
        if job.parameters == wanted and job.requested_by_id == (requested_by.pk if requested_by else None):
            return job
    return enqueue(kind, organisation, requested_by, wanted, now, origin_url)


def claim(now: datetime | None = None) -> Job | None:
    """Take the next due job and mark it running (one attempt more), or None."""
    now = now or timezone.now()
    start = {
        "state": Job.State.RUNNING,
        "started_at": now,
        "heartbeat_at": now,
        "attempts": F("attempts") + 1,
    }
    due = Job.objects.filter(state=Job.State.QUEUED, run_after__lte=now).order_by("run_after", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            pk = due.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
        else:
            pk = due.values_list("pk", flat=True).first()
        if pk is None or not Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(**start):
            return None
    return Job.objects.select_related("organisation", "requested_by").get(pk=pk)


def _report_progress(job: Job, percent: int, message: str) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        progress=percent, message=message[:200], heartbeat_at=now
    )
    job.progress, job.message, job.heartbeat_at = percent, message[:200], now


def run(job: Job, now: datetime | None = None) -> Job:
    """Run a claimed job's handler and record its outcome (done, failed, or queued again for a retry)."""
    kind = kinds.registered().get(job.kind)
    if kind is None:  # its app was removed or renamed since the job was queued
        logger.error("job %s has the unknown kind %s", job.pk, job.kind)
        _fail(job, _("Diese Art von Auftrag gibt es nicht mehr."), now)
        return job
    try:
        outcome = kind.handler(JobContext(job, _report_progress)) or Outcome()
    except JobError as exc:
        _fail(job, str(exc), now)
    except Exception:
        logger.exception("job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        if job.attempts < kind.max_attempts:
            _retry(job, now)
        else:
            _fail(
                job, _("Die Erstellung ist fehlgeschlagen. Bitte versuchen Sie es später noch einmal."), now
            )
    else:
        _finish(job, kind, outcome, now)
    return job


def _finish(job: Job, kind: kinds.JobKind, outcome: Outcome, now: datetime | None) -> None:
    now = now or timezone.now()
    if outcome.data:
        job.result.save(outcome.file_name or "ergebnis", ContentFile(outcome.data), save=False)
        job.result_name = outcome.file_name
    job.result_url = outcome.url
    job.state, job.progress, job.error = Job.State.DONE, 100, ""
    job.message = outcome.message or _("Fertig.")
    job.finished_at, job.expires_at = now, now + kind.keep
    job.save()


def _fail(job: Job, error: str, now: datetime | None) -> None:
    now = now or timezone.now()
    job.state, job.error, job.message = Job.State.FAILED, error, ""
    job.finished_at, job.expires_at = now, now + _keep(job)
    job.save()


def _keep(job: Job) -> timedelta:
    kind = kinds.registered().get(job.kind)
    return kind.keep if kind else timedelta(days=1)


def _retry(job: Job, now: datetime | None) -> None:
    now = now or timezone.now()
    job.state, job.progress = Job.State.QUEUED, 0
    job.message = _("Ein Fehler ist aufgetreten; ein neuer Versuch folgt gleich.")
    job.run_after = now + RETRY_DELAY * job.attempts
    job.save()


def run_next(now: datetime | None = None) -> Job | None:
    job = claim(now)
    return run(job, now) if job is not None else None


def run_pending(now: datetime | None = None, limit: int = 1000) -> int:
    """Run due jobs until none is left (or `limit`); the number run."""
    count = 0
    while count < limit and run_next(now) is not None:
        count += 1
    return count


def requeue_stuck(now: datetime | None = None) -> int:
    """Running jobs without a sign of life for their kind's timeout (a worker died): again or failed."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(state=Job.State.RUNNING):
        kind = kinds.registered().get(job.kind)
        timeout = kind.timeout if kind else timedelta(minutes=10)
        if (job.heartbeat_at or job.started_at or job.created_at) > now - timeout:
            continue
        if kind is not None and job.attempts < kind.max_attempts:
            updated = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
                state=Job.State.QUEUED,
                progress=0,
                run_after=now,
                message=_("Die Erstellung wurde unterbrochen; ein neuer Versuch folgt gleich."),
            )
        else:
            updated = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
                state=Job.State.FAILED,
                error=_("Die Erstellung hat zu lange gedauert. Bitte versuchen Sie es noch einmal."),
                message="",
                finished_at=now,
                expires_at=now + _keep(job),
            )
        count += updated
    return count


def delete_expired(now: datetime | None = None) -> int:
    """Finished jobs past their expiry: the result file and the row go."""
    now = now or timezone.now()
    expired = list(
        Job.objects.filter(state__in=(Job.State.DONE, Job.State.FAILED), expires_at__lte=now).only(
            "pk", "result"
        )
    )
    for job in expired:
        if job.result:
            job.result.storage.delete(job.result.name)
    Job.objects.filter(pk__in=[j.pk for j in expired]).delete()
    return len(expired)
