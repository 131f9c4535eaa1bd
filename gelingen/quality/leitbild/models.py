"""The organisation's Leitbild with its Definition gelungener sozialer Dienstleistung (QB1).

Each edit happens in a draft version; publishing makes it the current Leitbild. Published versions
never change, so measures and reports can point at a passage and stay correct. What happened to a
published version afterwards (written down, made known inside, published outside) is recorded on
the version; who took part in writing it goes into the participation log; who revises it and when
lives in the organisation's revision plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.versioning import version_field

# The 8 compulsory specifications of QB1; the keys match the catalogue's specification keys.
SECTION_KEYS = [
    ("identity", _("Identität und Auftrag")),
    ("values", _("Werte")),
    ("customers", _("Kunden (individuelle und institutionelle)")),
    ("goals", _("Allgemeine Organisationsziele")),
    ("capabilities", _("Fähigkeiten")),
    ("services", _("Leistungen")),
    ("resources", _("Ressourcen")),
    ("dgd", _("Definition gelungener sozialer Dienstleistung")),
]


class LeitbildVersion(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="leitbild_versions")
    number = models.PositiveIntegerField(_("Version"))
    preamble = models.TextField(_("Freier Text"), blank=True)
    change_note = models.CharField(_("Was hat sich geändert?"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic locking for the draft: every save increments it, a stale form is refused.
    edit_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True, null=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Communication of a published version (QB1: written, made known inside, published outside).
    written_on = models.DateField(_("schriftlich fixiert am"), null=True, blank=True)
    internal_on = models.DateField(_("intern bekannt gemacht am"), null=True, blank=True)
    internal_channel = models.CharField(_("intern bekannt gemacht über"), max_length=200, blank=True)
    external_on = models.DateField(_("extern veröffentlicht am"), null=True, blank=True)
    external_channel = models.CharField(_("extern veröffentlicht über"), max_length=200, blank=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Leitbild-Version")
        verbose_name_plural = _("Leitbild-Versionen")
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="unique_leitbild_number"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(published_at__isnull=True),
                name="one_leitbild_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – Leitbild v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("leitbild:version", args=[self.organisation.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_written(self) -> bool:
        return self.written_on is not None

    @property
    def is_communicated_internally(self) -> bool:
        return self.internal_on is not None

    @property
    def is_published_externally(self) -> bool:
        return self.external_on is not None

    @property
    def label(self) -> str:
        if self.is_published:
            return _("Version %(n)s") % {"n": self.number}
        return _("Version %(n)s (Entwurf)") % {"n": self.number}


class LeitbildSection(models.Model):
    version = models.ForeignKey(LeitbildVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("Spezifikation"), max_length=20, choices=SECTION_KEYS)
    text = models.TextField(_("Text"), blank=True)

    class Meta:
        verbose_name = _("Leitbild-Abschnitt")
        verbose_name_plural = _("Leitbild-Abschnitte")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_section_per_key")]

    def __str__(self) -> str:
        return f"{self.version} – {self.get_key_display()}"


class Participation(models.Model):
    """Who took part in drafting or revising the Leitbild, when and how (QB1: staff participation)."""

    class Format(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SURVEY = "survey", _("Befragung")
        MEETING = "meeting", _("Teamsitzung / Dienstbesprechung")
        OTHER = "other", _("andere Form")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        LeitbildVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("betrifft Version"),
    )
    held_on = models.DateField(_("Datum"))
    format = models.CharField(_("Form"), max_length=20, choices=Format.choices, default=Format.WORKSHOP)
    participants = models.CharField(
        _("Beteiligte"),
        max_length=300,
        help_text=_("Gruppen oder Personen, z. B. „gesamtes Team, 2 Ehrenamtliche, Vorstand“."),
    )
    note = models.TextField(_("Notiz"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "-held_on"], name="leitbild_part_org_date")]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.get_format_display()} ({self.participants})"


class RevisionPlan(models.Model):
    """Who is responsible for reviewing and updating the Leitbild, and when that is due next."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="leitbild_plan")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich für die Überprüfung"),
    )
    next_revision_on = models.DateField(_("nächste Überprüfung am"), null=True, blank=True)
    rhythm = models.CharField(
        _("Rhythmus der Überprüfung"),
        max_length=200,
        blank=True,
        help_text=_("Konkret, z. B. „alle 2 Jahre im Herbst“ oder „jährlich im Januar“."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Überprüfung des Leitbilds")
        verbose_name_plural = _("Überprüfungen des Leitbilds")
        indexes = [models.Index(fields=["next_revision_on"], name="leitbild_plan_next")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.next_revision_on}"
