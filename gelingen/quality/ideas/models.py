"""The idea store (Ideenspeicher) and the proposals for strategic development goals (QB12).

Every member may add ideas and quality development goals; Leitung and quality management decide on
them. Strategic goal proposals are organisation-wide, medium-term goals with test indicators that go
into the Selbstreport and are worded at the final workshop.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Area
from gelingen.core.versioning import version_field
from gelingen.quality.measures.models import Measure
from gelingen.quality.models import Cycle


class Idea(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("Idee")
        GOAL = "goal", _("Qualitätsentwicklungsziel")

    class Source(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        CUSTOMER = "customer", _("Kundenrückmeldung")
        STAFF = "staff", _("Mitarbeitende")
        EXTERNAL = "external", _("extern")

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        ACCEPTED = "accepted", _("angenommen")
        PLANNED = "planned", _("als Maßnahme geplant")
        REJECTED = "rejected", _("abgelehnt")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ideas")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=6000)
    source = models.CharField(_("Quelle"), max_length=10, choices=Source.choices, default=Source.STAFF)
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("Qualitätsbereiche"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingebracht von"),
    )
    submitted_on = models.DateField(_("eingebracht am"), default=timezone.localdate)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.NEW)
    rejection_reason = models.TextField(_("Begründung der Ablehnung"), blank=True, max_length=2000)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_ideas",
        verbose_name=_("Maßnahme"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "source"]),
            models.Index(fields=["organisation", "-submitted_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.organisation.slug, self.pk])


class GoalProposal(models.Model):
    """A proposed strategic goal for the whole organisation (worded later, with test indicators)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SELFREPORT = "selfreport", _("für Selbstreport vorgesehen")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="goal_proposals")
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goal_proposals",
        verbose_name=_("Qualitätszyklus"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=6000)
    rationale = models.TextField(_("Begründung"), max_length=6000)
    target_year = models.PositiveSmallIntegerField(_("Zieljahr"))
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    ideas = models.ManyToManyField(
        Idea, blank=True, related_name="goal_proposals", verbose_name=_("Ideen aus dem Ideenspeicher")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Vorschlag für ein strategisches Entwicklungsziel")
        verbose_name_plural = _("Vorschläge für strategische Entwicklungsziele")
        ordering = ["target_year", "title"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:goal_detail", args=[self.organisation.slug, self.pk])


class Indicator(models.Model):
    """A proposed test indicator (Prüfindikator): how one will see at re-testing that the goal was reached."""

    proposal = models.ForeignKey(GoalProposal, on_delete=models.CASCADE, related_name="indicators")
    text = models.CharField(_("Prüfindikator"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Prüfindikator")
        verbose_name_plural = _("Prüfindikatoren")
        ordering = ["proposal", "position", "pk"]

    def __str__(self) -> str:
        return self.text
