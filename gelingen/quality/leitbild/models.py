"""The organisation's Leitbild with its Definition gelungener sozialer Dienstleistung (QB1).

Each edit happens in a draft version; publishing makes it the current Leitbild. Published versions
never change, so measures and reports can point at a passage and stay correct.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation

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

    class Meta:
        verbose_name = _("Leitbild-Version")
        verbose_name_plural = _("Leitbild-Versionen")
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="unique_leitbild_number")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – Leitbild v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


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
