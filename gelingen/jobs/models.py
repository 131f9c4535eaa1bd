"""A background job: work that takes longer than a request should (a long PDF, a large CSV).

Feature apps register kinds of job (`jobs.kinds`); `jobs.runner` queues, claims and runs them; the
`run_jobs` command is the worker. The result is a protected file (served only through the job page's
permission check) or a link to what the job created (e.g. a submission).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.uploads import OrgUploadTo


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("wird erstellt")
        DONE = "done", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    parameters = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    message = models.CharField(max_length=200, blank=True)  # what the job is doing now
    result = models.FileField(upload_to=OrgUploadTo("jobs"), blank=True, max_length=300)
    result_name = models.CharField(max_length=200, blank=True)  # download name of the result file
    result_url = models.CharField(max_length=300, blank=True)  # the page of what the job created
    origin_url = models.CharField(max_length=300, blank=True)  # the page the job was started from
    error = models.TextField(blank=True)  # for the person, never a stack trace (that goes to the log)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    run_after = models.DateTimeField(default=timezone.now)  # later for a retry
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last sign of life while running
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # the result is deleted after this

    class Meta:
        verbose_name = _("Hintergrundauftrag")
        verbose_name_plural = _("Hintergrundaufträge")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "run_after"], name="job_queue")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.organisation.slug, self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def has_file(self) -> bool:
        return self.state == self.State.DONE and bool(self.result)
