"""Abstract bodies, meetings and decisions. Subclasses declare the relations between them.

    class Group(AbstractBody):        organisation = ForeignKey(...); members = ManyToManyField(User, ...)
    class Meeting(AbstractMeeting):   group = ForeignKey(Group, related_name="meetings")
    class Decision(AbstractDecision): meeting = ForeignKey(Meeting, related_name="decisions")

`members` stays on the subclass because its reverse name is the app's (e.g. `user.quality_groups`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.core.versioning import version_field


class AbstractBody(models.Model):
    """A body that meets regularly: a name, a purpose, a lead, guests without an account, a rhythm."""

    class Unit(models.TextChoices):
        WEEKS = "weeks", _("Wochen")
        MONTHS = "months", _("Monate")

    name = models.CharField(_("Name"), max_length=200)
    purpose = models.TextField(_("Auftrag"), blank=True, max_length=4000)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Moderation"),
    )
    guests = models.TextField(_("externe Gäste"), blank=True, max_length=2000)
    rhythm_count = models.PositiveSmallIntegerField(_("Sitzungen alle"), null=True, blank=True)
    rhythm_unit = models.CharField(
        _("Einheit"), max_length=10, choices=Unit.choices, default=Unit.WEEKS, blank=True
    )
    rhythm_note = models.CharField(_("Rhythmus (Erläuterung)"), max_length=300, blank=True)
    next_meeting = models.DateField(_("nächste Sitzung"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class AbstractMeeting(models.Model):
    """One meeting of a body: date, who took part, guests, the minutes' text."""

    date = models.DateField(_("Datum"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("Teilnehmende")
    )
    guests = models.CharField(_("weitere Teilnehmende"), max_length=500, blank=True)
    notes = models.TextField(_("Protokoll"), blank=True, max_length=20000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        abstract = True
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-date", "-pk"]


class AbstractDecision(models.Model):
    """A decision of a meeting: what, who, until when, done. It is an action item when it has a due date."""

    text = models.CharField(_("Beschluss"), max_length=500)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    due_date = models.DateField(_("bis"), null=True, blank=True)
    done = models.BooleanField(_("umgesetzt"), default=False)
    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        abstract = True
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return not self.done

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_date and self.due_date < timezone.localdate())
