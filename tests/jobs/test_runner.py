"""The job lifecycle on fixed times: queue, claim, run, fail, retry, stuck, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from gelingen.jobs import kinds, runner
from gelingen.jobs.models import Job

from . import kinds as test_kinds

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_enqueue_claim_run_done_with_file(org_a, qm_a):
    job = runner.enqueue("tests.echo", org_a, qm_a, {"text": "a;b"}, now=T0)
    assert (job.state, job.progress, job.attempts) == (Job.State.QUEUED, 0, 0)
    claimed = runner.claim(now=T0)
    assert claimed.pk == job.pk and claimed.state == Job.State.RUNNING and claimed.attempts == 1
    assert claimed.started_at == T0 and runner.claim(now=T0) is None  # nothing else is due
    test_kinds.CALLS.clear()
    runner.run(claimed, now=T0 + timedelta(seconds=5))
    assert test_kinds.CALLS == ["progress seen: 50"]  # progress is stored while the job runs
    job.refresh_from_db()
    assert (job.state, job.progress, job.message) == (Job.State.DONE, 100, "Die Datei ist fertig.")
    assert job.result_name == "echo.csv" and job.result.read() == b"a;b"
    assert job.result.name.startswith(f"org-{org_a.pk}/jobs/") and "echo" not in job.result.name
    assert job.finished_at == T0 + timedelta(seconds=5)
    assert job.expires_at == job.finished_at + kinds.get("tests.echo").keep


def test_unknown_kind_is_refused_when_queued(org_a, qm_a):
    with pytest.raises(KeyError):
        runner.enqueue("tests.nothing", org_a, qm_a)
    assert not Job.objects.exists()


def test_job_not_yet_due_is_not_claimed(org_a, qm_a):
    runner.enqueue("tests.echo", org_a, qm_a, now=T0)
    assert runner.claim(now=T0 - timedelta(seconds=1)) is None


def test_jobs_run_in_order_of_queueing(org_a, qm_a):
    first = runner.enqueue("tests.link", org_a, qm_a, now=T0)
    second = runner.enqueue("tests.link", org_a, qm_a, now=T0 + timedelta(seconds=1))
    assert [runner.run_next(now=T0 + timedelta(minutes=1)).pk for _ in range(2)] == [first.pk, second.pk]
    assert runner.run_next(now=T0 + timedelta(minutes=1)) is None
    first.refresh_from_db()
    assert first.result_url == "/irgendwo/" and not first.result and not first.has_file


def test_a_claimed_job_is_not_claimed_twice(org_a, qm_a):
    job = runner.enqueue("tests.echo", org_a, qm_a, now=T0)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)  # another worker took it
    assert runner.claim(now=T0) is None


def test_enqueue_once_answers_the_active_job(org_a, qm_a, leitung_a):
    job = runner.enqueue_once("tests.echo", org_a, qm_a, {"text": "x"}, now=T0)
    assert runner.enqueue_once("tests.echo", org_a, qm_a, {"text": "x"}, now=T0) == job
    assert runner.enqueue_once("tests.echo", org_a, qm_a, {"text": "y"}, now=T0) != job
    assert runner.enqueue_once("tests.echo", org_a, leitung_a, {"text": "x"}, now=T0) != job
    runner.run_pending(now=T0)
    assert runner.enqueue_once("tests.echo", org_a, qm_a, {"text": "x"}, now=T0) != job  # finished


def test_job_error_fails_at_once_with_its_message(org_a, qm_a):
    job = runner.enqueue("tests.refused", org_a, qm_a, now=T0)
    runner.run_next(now=T0)
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == (
        Job.State.FAILED,
        "Der Text wurde inzwischen geändert.",
        1,
    )


def test_unexpected_error_is_retried_then_fails_without_internals(org_a, qm_a, caplog):
    job = runner.enqueue("tests.boom", org_a, qm_a, now=T0)
    runner.run_next(now=T0)
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.attempts == 1 and job.error == ""
    assert job.run_after == T0 + runner.RETRY_DELAY
    assert runner.run_next(now=T0) is None  # waits for the retry delay
    runner.run_next(now=job.run_after)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.attempts == 2  # max_attempts of tests.boom
    assert "secret" not in job.error and "RuntimeError" not in job.error and job.error
    assert "internal detail" in caplog.text  # the stack trace goes to the log


def test_stuck_running_job_is_queued_again_then_fails(org_a, qm_a):
    job = runner.enqueue("tests.boom", org_a, qm_a, now=T0)
    runner.claim(now=T0)  # the worker died while running it
    timeout = kinds.get("tests.boom").timeout
    assert runner.requeue_stuck(now=T0 + timeout - timedelta(seconds=1)) == 0
    assert runner.requeue_stuck(now=T0 + timeout) == 1
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.attempts == 1
    runner.claim(now=T0 + timeout)
    assert runner.requeue_stuck(now=T0 + 3 * timeout) == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "zu lange" in job.error


def test_progress_counts_as_a_sign_of_life(org_a, qm_a):
    job = runner.enqueue("tests.echo", org_a, qm_a, now=T0)
    runner.claim(now=T0)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=T0 + timedelta(minutes=9))
    assert runner.requeue_stuck(now=T0 + timedelta(minutes=15)) == 0


def test_expired_results_are_deleted_with_their_file(org_a, qm_a):
    job = runner.enqueue("tests.echo", org_a, qm_a, {"text": "x"}, now=T0)
    runner.run_next(now=T0)
    job.refresh_from_db()
    storage, name = job.result.storage, job.result.name
    assert storage.exists(name)
    running = runner.enqueue("tests.echo", org_a, qm_a, now=T0)
    runner.claim(now=T0)
    assert runner.delete_expired(now=job.expires_at - timedelta(seconds=1)) == 0
    assert runner.delete_expired(now=job.expires_at) == 1
    assert not storage.exists(name) and list(Job.objects.all()) == [running]


def test_run_jobs_once_runs_due_jobs_and_housekeeping(org_a, qm_a, capsys):
    done = runner.enqueue("tests.echo", org_a, qm_a, {"text": "x"}, now=T0)
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)  # expired whatever the clock says
    Job.objects.filter(pk=done.pk).update(state=Job.State.DONE, finished_at=long_ago, expires_at=long_ago)
    runner.enqueue("tests.echo", org_a, qm_a, {"text": "y"})
    runner.enqueue("tests.link", org_a, qm_a)
    call_command("run_jobs", "--once")
    assert "2 Auftrag/Aufträge ausgeführt." in capsys.readouterr().out
    assert list(Job.objects.values_list("state", flat=True)) == [Job.State.DONE] * 2  # old one expired
