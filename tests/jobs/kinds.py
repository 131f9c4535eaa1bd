"""Job kinds for the tests (registered on import, like a feature app's AppConfig.ready does)."""

from __future__ import annotations

from gelingen.accounts.roles import LEITUNG
from gelingen.jobs.kinds import JobContext, JobError, Outcome, job_kind

CALLS: list[str] = []


@job_kind("tests.echo", label="Testauftrag", roles=(LEITUNG,))
def echo(ctx: JobContext) -> Outcome:
    ctx.progress(50, "halb fertig")
    CALLS.append(f"progress seen: {type(ctx.job).objects.get(pk=ctx.job.pk).progress}")
    text = ctx.job.parameters.get("text", "")
    return Outcome(file_name="echo.csv", data=text.encode(), message="Die Datei ist fertig.")


@job_kind("tests.link", label="Testverweis")
def link(ctx: JobContext) -> Outcome:
    return Outcome(url="/irgendwo/")


@job_kind("tests.refused", label="Abgelehnter Testauftrag")
def refused(ctx: JobContext) -> None:
    raise JobError("Der Text wurde inzwischen geändert.")


@job_kind("tests.boom", label="Kaputter Testauftrag", max_attempts=2)
def boom(ctx: JobContext) -> None:
    raise RuntimeError("internal detail: /secret/path")
