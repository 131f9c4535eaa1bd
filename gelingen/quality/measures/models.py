"""Measures and projects (Maßnahmen) with milestones and tasks, the bodies that steer the quality work
(steering group, quality circles; built on gelingen.meetings) with their meetings and decisions, and each
person's capacity for quality work."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Area, Requirement
from gelingen.core.versioning import version_field
from gelingen.meetings.models import AbstractBody, AbstractDecision, AbstractMeeting
from gelingen.quality.leitbild.justification import Level
from gelingen.quality.leitbild.models import LeitbildSection
from gelingen.quality.models import Cycle

# The rating of a measure's justification (gelingen.quality.leitbild.justification.Level), stored so lists
# and filters can flag it without recomputing; refreshed when a new Leitbild version is published.
JUSTIFICATION_LEVELS = [
    (Level.MISSING.value, _("fehlt")),
    (Level.REFERENCE.value, _("nur Verweis")),
    (Level.QUOTE.value, _("nur Zitat")),
    (Level.ARGUMENT.value, _("Argument")),
]


class Measure(models.Model):
    """A quality measure or project: what it aims at, which requirements it serves and why (Leitbild/DgD)."""

    class Phase(models.TextChoices):
        # The four phases of a quality project in KQS.
        OPTIMISE = "optimise", _("Bestehendes optimieren")
        DEVELOP = "develop", _("Neues entwickeln")
        TRIAL = "trial", _("Erproben und evaluieren")
        ROUTINE = "routine", _("Als Routine verankern")

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("laufend")
        DONE = "done", _("abgeschlossen")
        DISCARDED = "discarded", _("verworfen")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="measures")
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("Qualitätszyklus"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    goal = models.TextField(_("Ziel"), max_length=2000)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=8000)
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="+", verbose_name=_("Anforderungen")
    )
    leitbild_section = models.ForeignKey(
        LeitbildSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Abschnitt aus Leitbild/DgD"),
    )
    leitbild_excerpt = models.TextField(_("Auszug"), blank=True, max_length=4000)
    justification = models.TextField(_("Begründung"), blank=True, max_length=6000)
    justification_level = models.CharField(
        _("Qualität der Begründung"),
        max_length=10,
        choices=JUSTIFICATION_LEVELS,
        default=Level.MISSING.value,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    phase = models.CharField(_("Phase"), max_length=10, choices=Phase.choices, default=Phase.OPTIMISE)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "phase"]),
            models.Index(fields=["organisation", "owner"]),
            models.Index(fields=["organisation", "-updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="measure_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", args=[self.organisation.slug, self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende darf nicht vor dem Beginn liegen.")})

    @property
    def justification_ok(self) -> bool:
        return self.justification_level == Level.ARGUMENT

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.RUNNING)


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Meilenstein"), max_length=200)
    date = models.DateField(_("Datum"))
    reached = models.BooleanField(_("erreicht"), default=False)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["reached", "date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return not self.reached and self.date < timezone.localdate()


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Arbeit")
        DONE = "done", _("erledigt")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("Aufgabe"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    due_date = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    planned_hours = models.DecimalField(
        _("geplante Stunden"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["status", "due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["responsible", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DONE

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_date and self.due_date < timezone.localdate())


class Group(AbstractBody):
    """A body of the quality work: the steering group prepares decisions, quality circles work on areas."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Steuerungsgruppe")
        CIRCLE = "circle", _("Qualitätszirkel")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="quality_groups")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.CIRCLE)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="quality_groups", verbose_name=_("Mitglieder")
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("Qualitätsbereiche"))
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="circles",
        verbose_name=_("berichtet an"),
    )

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["-kind", "name"]  # steering group first
        indexes = [models.Index(fields=["organisation", "kind"])]

    def get_absolute_url(self) -> str:
        return reverse("measures:group_detail", args=[self.organisation.slug, self.pk])


class Meeting(AbstractMeeting):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")

    class Meta(AbstractMeeting.Meta):
        indexes = [models.Index(fields=["group", "-date"])]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("measures:meeting_detail", args=[self.group.organisation.slug, self.pk])


class Decision(AbstractDecision):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("Aufgabe"),
    )

    class Meta(AbstractDecision.Meta):
        indexes = [models.Index(fields=["done", "due_date"])]

    @property
    def is_open(self) -> bool:
        task = self.task if self.task_id else None  # a decision turned into a task is open as that task
        if task is not None:
            return task.is_open
        return not self.done


class Capacity(models.Model):
    """How many hours a month a person can spend on quality work (the basis of the 60 % rule)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    hours_per_month = models.DecimalField(
        _("Stunden pro Monat für Qualitätsarbeit"), max_digits=5, decimal_places=1
    )

    class Meta:
        verbose_name = _("Kapazität")
        verbose_name_plural = _("Kapazitäten")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_capacity_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.hours_per_month} h"
