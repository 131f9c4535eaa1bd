"""The Selbstreport of a cycle, its chapters, and the frozen snapshots that were submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gelingen.catalogue.models import Area, Requirement
from gelingen.core.uploads import OrgUploadTo
from gelingen.quality.models import Cycle


class SelfReport(models.Model):
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="selfreport")
    org_chart = models.FileField(
        _("Organigramm"), upload_to=OrgUploadTo("selfreport"), blank=True, max_length=300
    )
    org_chart_alt = models.CharField(
        _("Beschreibung des Organigramms"),
        max_length=500,
        blank=True,
        help_text=_("Kurze Beschreibung für Menschen, die das Bild nicht sehen."),
    )
    based_on = models.ForeignKey(
        "Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fortgeschrieben aus"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Selbstreport")
        verbose_name_plural = _("Selbstreports")

    def __str__(self) -> str:
        return f"Selbstreport {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("selfreport:overview", args=[self.cycle.organisation.slug, self.cycle_id])

    @property
    def organisation(self):
        return self.cycle.organisation

    @property
    def organisation_id(self) -> int:  # for OrgUploadTo
        return self.cycle.organisation_id


class Chapter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        REVIEW = "review", _("in Prüfung")
        FINAL = "final", _("fertig")

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="chapters")
    part = models.PositiveSmallIntegerField(_("Teil"))
    key = models.SlugField(max_length=20)
    title = models.CharField(_("Titel"), max_length=200)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    optional = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    body = models.TextField(_("Text"), blank=True)
    answer_a = models.TextField(_("a) Erfüllung der Anforderungen"), blank=True)
    answer_b = models.TextField(_("b) Begründung mit Leitbild und DgD"), blank=True)
    answer_c = models.TextField(_("c) Bewertung und Schlussfolgerungen"), blank=True)
    answer_d = models.TextField(_("d) Dokumentation und Nachweise"), blank=True)
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="+", verbose_name=_("behandelte Anforderungen")
    )
    revision = models.PositiveIntegerField(default=0)  # optimistic locking for autosave
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")
        ordering = ["report", "part", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="unique_chapter_key")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        report = self.report
        return reverse("selfreport:chapter", args=[report.cycle.organisation.slug, report.cycle_id, self.key])

    @property
    def is_area(self) -> bool:
        return self.part == 3

    @property
    def text_fields(self) -> list[str]:
        from .structure import ANSWER_FIELDS

        return ANSWER_FIELDS if self.is_area and self.key != "qb12a" else ["body"]

    def texts(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in self.text_fields}


class GoalReport(models.Model):
    """Re-testing, QB12a: what became of each strategic goal agreed at the last final workshop."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("noch nicht bewertet")
        ACHIEVED = "achieved", _("erreicht")
        MISSED = "missed", _("nicht erreicht (begründet)")
        CHANGED = "changed", _("verändert (begründet)")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="goal_reports")
    goal = models.CharField(_("vereinbartes Ziel"), max_length=300)
    # set when the goal comes from the agreement of the last Testat (sources.agreed_goals): then the goal
    # and its indicators are fixed, and the report says what became of exactly this goal
    agreed_key = models.CharField(max_length=60, blank=True)
    indicators = models.TextField(_("Prüfindikatoren"), blank=True)
    changed_goal = models.TextField(
        _("verändertes Ziel"),
        blank=True,
        max_length=2000,
        help_text=_("Nur bei „verändert“: das Ziel in seiner neuen Fassung."),
    )
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    text = models.TextField(_("Bericht und Begründung"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["chapter", "position", "pk"]

    def __str__(self) -> str:
        return self.goal

    def indicator_list(self) -> list[str]:
        return [line for line in self.indicators.splitlines() if line.strip()]


class ReportImage(models.Model):
    """An image placed in a chapter text as ![alt](bild:<pk>)."""

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=OrgUploadTo("selfreport"), max_length=300)
    alt_text = models.CharField(_("Bildbeschreibung"), max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.alt_text

    @property
    def organisation_id(self) -> int:  # for OrgUploadTo
        return self.report.cycle.organisation_id


class LintOverride(models.Model):
    """The Leitung submitted although the checks found errors; who, when, why and what was open."""

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("Begründung"))
    findings = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.report} – {self.user}"


class PageLayout(models.Model):
    """How many pages the laid-out Selbstreport had, keyed by a hash of the laid-out content.

    Written by every PDF layout (export, submission, background job: `selfreport.pages`); the check reads
    it instead of laying the report out on the request.
    """

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="layouts")
    content_sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField()
    # heading anchor -> page (1-based): the Word file's table of contents reuses the PDF's numbers
    anchor_pages = models.JSONField(default=dict, blank=True)
    laid_out_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "-laid_out_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "content_sha256"], name="unique_layout_per_content")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.page_count}"


class SubmissionPurge(models.Model):
    """While a row names a report, the database lets its submissions be deleted (see submission.purge).

    Database triggers (migration 0004) refuse every other UPDATE or DELETE of a frozen submission.
    """

    report_id = models.BigIntegerField(unique=True)  # no foreign key: the report is deleted right after

    def __str__(self) -> str:
        return f"purge {self.report_id}"


class SubmissionQuerySet(models.QuerySet):
    def update(self, **kwargs):  # snapshots are frozen; see Submission.save
        raise TypeError("Submissions are immutable")


class Submission(models.Model):
    """An immutable snapshot: texts, evidence list, rendered PDF and DOCX, and SHA-256 of each."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Einreichung")
        REVISED = "revised", _("überarbeitete Einreichung")

    report = models.ForeignKey(SelfReport, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="submissions/", max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to="submissions/", max_length=300)
    docx_sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField()
    # SHA-256 over the metadata, the three hashes and the previous submission's seal (submission.seal)
    seal_sha256 = models.CharField(max_length=64, default="")
    override = models.ForeignKey(
        LintOverride, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registration_ref = models.CharField(max_length=100, blank=True)  # set by the testing procedure later

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einreichung")
        verbose_name_plural = _("Einreichungen")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_submission_number")]

    GRANTED_URL = "selfreport_shared:submission"  # its page for a testing body it is shared with

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Submissions are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Submissions are immutable")

    @property
    def organisation_id(self) -> int:  # the owner, for grants (load with select_related("report__cycle"))
        return self.report.cycle.organisation_id
