"""The evidence register (Nachweise): what shows that a requirement is met, and where to find it.

Evidence belongs to the organisation, not to a cycle: it outlives cycles and model versions, and a
re-testing cites the evidence of its period. Each item carries an identifier tied to its quality area
(`QB3-07`), assigned once from a counter per organisation and area, so a number is never handed out
twice, not even after a deletion.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Requirement
from gelingen.core.uploads import OrgUploadTo
from gelingen.core.versioning import version_field


class EvidenceCounter(models.Model):
    """The last sequence number handed out per organisation and area (locked while counting)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    area_number = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area_number"], name="one_evidence_counter_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} QB{self.area_number}: {self.last}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Dokument")
        PROTOCOL = "protocol", _("Protokoll")
        PLAN = "plan", _("Plan/Konzept")
        PUBLICATION = "publication", _("Veröffentlichung")
        AGREEMENT = "agreement", _("Vereinbarung")
        EVALUATION = "evaluation", _("Auswertung")
        FORM = "form", _("Formular")
        OTHER = "other", _("sonstiges")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="evidence")
    area_number = models.PositiveSmallIntegerField(_("Qualitätsbereich"))
    sequence = models.PositiveIntegerField()
    identifier = models.CharField(_("Kennung"), max_length=20)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=4000)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    file = models.FileField(_("Datei"), upload_to=OrgUploadTo("evidence"), blank=True, max_length=200)
    file_name = models.CharField(_("Dateiname"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    location = models.CharField(
        _("Ablageort"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel „Ordner QM, Register 3“ oder „Intranet > QM > Protokolle“."),
    )
    period_start = models.DateField(_("Zeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Zeitraum bis"), null=True, blank=True)
    version = models.CharField(_("Version"), max_length=40, blank=True)
    revision_date = models.DateField(_("Stand vom"), null=True, blank=True)
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="evidence_items", verbose_name=_("belegt die Anforderungen")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Nachweis")
        verbose_name_plural = _("Nachweise")
        ordering = ["area_number", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area_number", "sequence"], name="unique_evidence_identifier"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "area_number", "sequence"]),
            models.Index(fields=["organisation", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("evidence:detail", args=[self.organisation.slug, self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("Das Ende des Zeitraums darf nicht vor dem Anfang liegen.")}
            )

    @property
    def period_display(self) -> str:
        """The period as shown in lists and exports: "01.01.2026 – 31.12.2026", only the start when
        there is no end, "… – 31.12.2026" when there is only an end, else ""."""
        start, end = self.period_start, self.period_end
        start_text = date_format(start, "SHORT_DATE_FORMAT") if start else ""
        end_text = date_format(end, "SHORT_DATE_FORMAT") if end else ""
        if start_text and end_text:
            return f"{start_text} – {end_text}"
        if end_text:
            return f"… – {end_text}"
        return start_text

    @property
    def where(self) -> str:
        """File name or location: how the register tells where the evidence can be seen (used by the
        Selbstreport appendix)."""
        return self.file_name if self.file else self.location
