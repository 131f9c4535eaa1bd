"""Feedback, suggestions and complaints (Rückmeldungen) from customers, staff and partners (QB6, QB11).

Entries arrive by any channel, including an anonymous public form. Each one is handled until a
consequence is recorded; who was told about it is kept too. Personal data is optional: contact
details are stored only when the person gives them and are shown only to members who may write.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.versioning import version_field

# Complaints should be answered within this many days; older open ones are flagged and reminded.
COMPLAINT_DAYS = 30


class Feedback(models.Model):
    class Source(models.TextChoices):
        INDIVIDUAL = "individual", _("individuelle Kund*innen")
        INSTITUTIONAL = "institutional", _("institutionelle Kunden / Auftraggeber")
        STAFF = "staff", _("Mitarbeitende")
        PARTNER = "partner", _("externe Partner")
        UNKNOWN = "unknown", _("nicht angegeben")

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Anregung")
        COMPLAINT = "complaint", _("Beschwerde")
        PRAISE = "praise", _("Lob")
        EVALUATION = "evaluation", _("Evaluationsergebnis")

    class Channel(models.TextChoices):
        PERSONAL = "personal", _("persönlich")
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-Mail")
        LETTER = "letter", _("Brief")
        ONLINE = "online", _("Online-Formular")
        SHEET = "sheet", _("Feedbackbogen")
        SURVEY = "survey", _("Befragung")
        OTHER = "other", _("sonstige")

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        DONE = "done", _("erledigt")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("Herkunft"), max_length=20, choices=Source.choices, default=Source.INDIVIDUAL)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("Weg"), max_length=20, choices=Channel.choices, default=Channel.PERSONAL)
    received_on = models.DateField(_("eingegangen am"))
    area = models.PositiveSmallIntegerField(_("Qualitätsbereich"), null=True, blank=True)
    text = models.TextField(_("Rückmeldung"), max_length=4000)
    status = models.CharField(_("Bearbeitung"), max_length=20, choices=Status.choices, default=Status.NEW)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bearbeitet von"),
    )
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)
    consequence = models.TextField(_("gezogene Konsequenz"), blank=True, max_length=4000)
    informed = models.CharField(_("informiert wurden"), max_length=300, blank=True)
    informed_on = models.DateField(_("informiert am"), null=True, blank=True)
    # Only when the person gives them (public form or noted by staff); never listed, never exported.
    contact_name = models.CharField(_("Name"), max_length=150, blank=True)
    contact = models.CharField(_("Kontakt (E-Mail oder Telefon)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-received_on"], name="feedback_org_received"),
            models.Index(fields=["organisation", "kind", "status"], name="feedback_org_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:detail", args=[self.organisation.slug, self.pk])

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact)

    @property
    def complaint_due(self) -> date | None:
        return self.received_on + timedelta(days=COMPLAINT_DAYS) if self.kind == self.Kind.COMPLAINT else None

    @property
    def snippet(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 120 else text[:117].rstrip() + " …"


class UsedFeedbackToken(models.Model):
    """A public-form token that was spent: each form copy may be sent once.

    Only a hash of the token is kept (the unique constraint refuses a second use, also of two requests
    at once); rows older than the token lifetime can no longer match a valid token and are deleted."""

    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("verbrauchtes Formular-Token")
        verbose_name_plural = _("verbrauchte Formular-Tokens")

    def __str__(self) -> str:
        return self.digest[:12]
