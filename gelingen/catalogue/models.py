"""Versioned quality models: model -> areas -> specifications / requirements -> evidence examples.

Texts are stored in German with an English twin (`*_en`); `localized()` picks the one for the
active language and falls back to German.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized:
    """Mixin for models that keep German texts in `field` and English ones in `field_en`."""

    def localized(self, field: str) -> str:
        if (get_language() or "de").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)


class QualityModel(Localized, models.Model):
    code = models.SlugField(_("Kürzel"), max_length=30)
    version = models.CharField(_("Version"), max_length=20)
    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    licence_note = models.TextField(_("Lizenzhinweis"), blank=True)
    licence_note_en = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Qualitätsmodell")
        verbose_name_plural = _("Qualitätsmodelle")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_model_version")]
        ordering = ["code", "version"]

    def __str__(self) -> str:
        return f"{self.code.upper()} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:model", args=[self.code, self.version])

    @property
    def is_used(self) -> bool:
        """A model version pinned by a cycle is immutable."""
        return self.cycles.exists()

    @property
    def display_name(self) -> str:
        return self.localized("name")

    @property
    def display_licence_note(self) -> str:
        return self.localized("licence_note")


class Area(Localized, models.Model):
    model = models.ForeignKey(QualityModel, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("Nummer"))
    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    definition = models.TextField(_("Definition"), blank=True)
    definition_en = models.TextField(blank=True)
    optional = models.BooleanField(_("optional"), default=False)
    specifications_assessed = models.BooleanField(_("Spezifikationen werden geprüft"), default=False)

    class Meta:
        verbose_name = _("Qualitätsbereich")
        verbose_name_plural = _("Qualitätsbereiche")
        constraints = [models.UniqueConstraint(fields=["model", "number"], name="unique_area_number")]
        ordering = ["model", "number"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return f"QB{self.number}"

    @property
    def display_name(self) -> str:
        return self.localized("name")

    @property
    def display_definition(self) -> str:
        return self.localized("definition")


class Specification(Localized, models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="specifications")
    key = models.SlugField(max_length=40, blank=True)
    text = models.CharField(_("Text"), max_length=300)
    text_en = models.CharField(max_length=300, blank=True)
    hint = models.TextField(_("Leitfragen"), blank=True)
    hint_en = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def display_text(self) -> str:
        return self.localized("text")

    @property
    def display_hint(self) -> str:
        return self.localized("hint")


class Requirement(Localized, models.Model):
    class Generic(models.TextChoices):
        NONE = "", _("keine")
        G1 = "G1", _("G1 – Bewertung und Schlussfolgerungen")
        G2 = "G2", _("G2 – Rückbegründung auf Leitbild und DgD")

    model = models.ForeignKey(QualityModel, on_delete=models.CASCADE, related_name="requirements")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(_("Code"), max_length=20)
    text = models.TextField(_("Anforderung"))
    text_en = models.TextField(blank=True)
    explanation = models.TextField(_("Erläuterung"), blank=True)
    explanation_en = models.TextField(blank=True)
    generic = models.CharField(_("generische Anforderung"), max_length=2, choices=Generic.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Anforderung")
        verbose_name_plural = _("Anforderungen")
        constraints = [models.UniqueConstraint(fields=["model", "code"], name="unique_requirement_code")]
        ordering = ["area__number", "position"]

    def __str__(self) -> str:
        return self.code

    @property
    def display_text(self) -> str:
        return self.localized("text")

    @property
    def display_explanation(self) -> str:
        return self.localized("explanation")


class EvidenceExample(Localized, models.Model):
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="evidence_examples")
    text = models.CharField(_("Text"), max_length=300)
    text_en = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["requirement", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def display_text(self) -> str:
        return self.localized("text")
