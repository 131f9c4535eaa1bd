"""Recurring activities that KQS expects at a fixed rhythm, occurrences, reminder logs, calendar feeds."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core import rhythm
from gelingen.core.versioning import version_field
from gelingen.core.wording import validate_concrete

# KQS: an internal audit across all quality areas at least once in 4 years.
AUDIT_MAX_MONTHS = 48


class ActivityType(models.TextChoices):
    NEEDS = "needs", _("Bedarfserschließung")
    EVALUATION = "evaluation", _("Evaluation")
    INFRASTRUCTURE = "infrastructure", _("Prüfung der Infrastruktur")
    WORKING_CONDITIONS = "working_conditions", _("Prüfung der Arbeitsbedingungen")
    MATERIAL = "material", _("Prüfung von Material und Ausstattung")
    GOAL_AGREEMENTS = "goal_agreements", _("Zielvereinbarungen")
    DEVELOPMENT_TALKS = "development_talks", _("Entwicklungsgespräche")
    KEY_FIGURES = "key_figures", _("Erhebung der Kennzahlen")
    KEY_FIGURE_REPORT = "key_figure_report", _("Kennzahlenbericht")
    INTERNAL_AUDIT = "internal_audit", _("Internes Audit über alle Bereiche")
    WORKSHOP = "workshop", _("Evaluations- und Entwicklungsworkshop")
    OTHER = "other", _("Sonstiges")


# The quality area each kind of activity serves in KQS v3.
TYPE_AREAS = {
    ActivityType.NEEDS: 2,
    ActivityType.EVALUATION: 6,
    ActivityType.INFRASTRUCTURE: 7,
    ActivityType.WORKING_CONDITIONS: 7,
    ActivityType.MATERIAL: 7,
    ActivityType.GOAL_AGREEMENTS: 8,
    ActivityType.DEVELOPMENT_TALKS: 9,
    ActivityType.KEY_FIGURES: 10,
    ActivityType.KEY_FIGURE_REPORT: 10,
    ActivityType.INTERNAL_AUDIT: 10,
    ActivityType.WORKSHOP: 12,
}


class Activity(models.Model):
    """Something the organisation does again and again at a rhythm it has fixed (e.g. every 6 months)."""

    Type = ActivityType

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activities")
    type = models.CharField(_("Art"), max_length=30, choices=ActivityType.choices)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    area_number = models.PositiveSmallIntegerField(
        _("Qualitätsbereich"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: der zur Art passende Bereich wird eingetragen."),
    )
    interval_count = models.PositiveSmallIntegerField(
        _("Rhythmus: alle"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        error_messages={"min_value": _("Der Rhythmus muss mindestens 1 betragen.")},
    )
    interval_unit = models.CharField(
        _("Einheit"), max_length=10, choices=rhythm.UNIT_CHOICES, default=rhythm.YEARS
    )
    rhythm_note = models.CharField(
        _("Rhythmus näher beschrieben"),
        max_length=300,
        blank=True,
        validators=[validate_concrete],
        help_text=_("Optional, z. B. „jeweils im März, vor der Jahresplanung“."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    next_due = models.DateField(_("nächste Fälligkeit"))
    active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Nur aktive Tätigkeiten erscheinen unter „Fällig“.")
    )
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        max_length=4000,
        validators=[validate_concrete],
        help_text=_("Ziel, Vorgehen, Umfang: was wird wie und mit wem gemacht?"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Wiederkehrende Tätigkeit")
        verbose_name_plural = _("Wiederkehrende Tätigkeiten")
        ordering = ["next_due", "title", "pk"]
        indexes = [
            models.Index(fields=["organisation", "active", "next_due"]),
            models.Index(fields=["owner", "next_due"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.area_number is None:
            self.area_number = TYPE_AREAS.get(self.type)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.organisation.slug, self.pk])

    def clean(self) -> None:
        if (
            self.type == ActivityType.INTERNAL_AUDIT
            and self.interval_count
            and rhythm.exceeds_months(self.interval_count, self.interval_unit, AUDIT_MAX_MONTHS)
        ):
            raise ValidationError(
                {
                    "interval_count": _(
                        "Ein internes Audit über alle Qualitätsbereiche muss mindestens alle 4 Jahre "
                        "(48 Monate) stattfinden. Bitte wählen Sie einen kürzeren Rhythmus."
                    )
                }
            )

    @property
    def area_code(self) -> str:
        return f"QB{self.area_number}" if self.area_number else ""

    @property
    def rhythm_label(self) -> str:
        return rhythm.rhythm_label(self.interval_count, self.interval_unit)

    @property
    def is_overdue(self) -> bool:
        return self.active and self.next_due < timezone.localdate()

    def next_due_after(self, done_on: date) -> date:
        """The due date one rhythm step after a performance on `done_on`."""
        return rhythm.add_interval(done_on, self.interval_count, self.interval_unit)


class Occurrence(models.Model):
    """One time the activity was carried out: when, with whom, what came out, what follows from it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    done_on = models.DateField(_("durchgeführt am"))
    due_date = models.DateField(_("fällig war"), null=True, blank=True)
    participants = models.CharField(_("Beteiligte"), max_length=500, blank=True)
    result = models.TextField(_("Ergebnis"), max_length=4000)
    conclusions = models.TextField(
        _("Schlussfolgerungen"),
        max_length=4000,
        validators=[validate_concrete],
        help_text=_("Was behalten Sie bei, was ändern Sie, bis wann? Auch „beibehalten, weil …“ zählt."),
    )
    evidence_ref = models.CharField(
        _("Nachweis"),
        max_length=200,
        blank=True,
        help_text=_("Kennung oder Ablageort, z. B. „QB7-03“ oder „Ordner Begehungen 2026“."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Durchführung")
        verbose_name_plural = _("Durchführungen")
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["activity", "done_on"])]

    def __str__(self) -> str:
        return f"{self.activity} – {self.done_on:%d.%m.%Y}"

    @property
    def was_late(self) -> bool:
        return bool(self.due_date and self.done_on > self.due_date)


class ReminderLog(models.Model):
    """One reminder e-mail line: item `key` due on `due` was sent to `user` at `stage`.

    The unique constraint is what makes `send_reminders` idempotent: each (item, due date, person) is
    reminded once before it is due ("upcoming") and once more when it is overdue ("overdue").
    """

    class Stage(models.TextChoices):
        UPCOMING = "upcoming", _("bald fällig")
        OVERDUE = "overdue", _("überfällig")

    key = models.CharField(max_length=120)
    due = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", null=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("gesendete Erinnerung")
        verbose_name_plural = _("gesendete Erinnerungen")
        constraints = [
            models.UniqueConstraint(fields=["key", "due", "user", "stage"], name="one_reminder_per_stage")
        ]
        indexes = [models.Index(fields=["user", "due"])]

    def __str__(self) -> str:
        return f"{self.key} {self.due} -> {self.user_id} ({self.stage})"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def by_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class CalendarFeed(models.Model):
    """A person's secret iCalendar address. Only the SHA-256 of the token is stored; it is shown once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    include_all = models.BooleanField(
        _("alle Termine meiner Organisationen"),
        default=False,
        help_text=_("Sonst nur die Termine, für die Sie verantwortlich sind."),
    )
    created_at = models.DateTimeField(_("erzeugt am"), default=timezone.now)
    last_used_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self) -> str:
        return f"{self.user}"

    @classmethod
    def issue(cls, user, include_all: bool | None = None) -> tuple[CalendarFeed, str]:
        """Create or replace the user's feed token; the old address stops working at once."""
        token = secrets.token_urlsafe(32)
        defaults = {"token_hash": hash_token(token), "created_at": timezone.now(), "last_used_at": None}
        if include_all is not None:
            defaults["include_all"] = include_all
        feed, _ = cls.objects.update_or_create(user=user, defaults=defaults)
        return feed, token
