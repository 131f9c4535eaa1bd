"""Quality development cycles and the self-assessment of each requirement."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Area, QualityModel, Requirement
from gelingen.core.versioning import version_field


class Cycle(models.Model):
    """One Qualitätsentwicklungszyklus of one organisation, pinned to one model version."""

    class Kind(models.TextChoices):
        FIRST = "first", _("Ersttestierung")
        RETEST = "retest", _("Retestierung")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cycles")
    model = models.ForeignKey(QualityModel, on_delete=models.PROTECT, related_name="cycles")
    title = models.CharField(_("Bezeichnung"), max_length=200)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    start_date = models.DateField(_("Beginn"))
    target_date = models.DateField(_("Zieldatum"))
    optional_areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("gewählte optionale Bereiche")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Qualitätszyklus")
        verbose_name_plural = _("Qualitätszyklen")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:assessment", args=[self.organisation.slug, self.pk])

    def clean(self) -> None:
        if self.start_date and self.target_date and self.target_date <= self.start_date:
            raise ValidationError({"target_date": _("Das Zieldatum muss nach dem Beginn liegen.")})

    def areas(self):
        """Mandatory areas plus the chosen optional ones, in model order."""
        return Area.objects.filter(model_id=self.model_id).filter(
            models.Q(optional=False) | models.Q(pk__in=self.optional_areas.values("pk"))
        )

    @transaction.atomic
    def sync_assessments(self) -> int:
        """Create the missing assessment rows for every requirement of the cycle's areas."""
        have = set(self.assessments.values_list("requirement_id", flat=True))
        missing = (
            Requirement.objects.filter(area__in=self.areas())
            .exclude(pk__in=have)
            .values_list("pk", flat=True)
        )
        rows = [Assessment(cycle=self, requirement_id=pk) for pk in missing]
        Assessment.objects.bulk_create(rows)
        return len(rows)

    def current_assessments(self):
        """Assessment rows of the areas currently in the cycle (dropped optional areas keep their history)."""
        return self.assessments.filter(
            models.Q(requirement__area__optional=False)
            | models.Q(requirement__area__in=self.optional_areas.all())
        )


class Assessment(models.Model):
    """The organisation's stock-taking of one requirement within a cycle."""

    class Status(models.TextChoices):
        DONE = "done", _("erfüllt und dokumentiert")
        PRACTICE = "practice", _("praktisch erfüllt, noch zu dokumentieren")
        MISSING = "missing", _("fehlt noch")
        OPEN = "open", _("nicht bewertet")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assessments")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("Notiz"), blank=True, max_length=4000)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    due_date = models.DateField(_("fällig am"), null=True, blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lock_version = version_field()

    class Meta:
        verbose_name = _("Selbstbewertung")
        verbose_name_plural = _("Selbstbewertungen")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "requirement"], name="one_assessment_per_requirement")
        ]
        indexes = [models.Index(fields=["cycle", "status"]), models.Index(fields=["cycle", "due_date"])]

    def __str__(self) -> str:
        return f"{self.requirement.code}: {self.get_status_display()}"

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date and self.status != self.Status.DONE and self.due_date < timezone.localdate()
        )


class AssessmentChange(models.Model):
    """One changed field of an assessment: who, when, old -> new (display values, kept as text)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    FIELD_LABELS = {
        "status": _("Status"),
        "note": _("Notiz"),
        "responsible": _("verantwortlich"),
        "due_date": _("fällig am"),
    }

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value}"

    @property
    def field_label(self) -> str | Promise:
        return self.FIELD_LABELS.get(self.field, self.field)

    def _display(self, value: str) -> str | Promise:
        if not value:
            return "–"
        if self.field == "status":
            return dict(Assessment.Status.choices).get(value, value)
        if self.field == "due_date":
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        return value

    @property
    def old_display(self) -> str | Promise:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str | Promise:
        return self._display(self.new_value)
