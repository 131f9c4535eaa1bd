"""The reviewer pool of a testing body: profiles with accreditations, and conflicts of interest.

A profile belongs to one testing body (a person may be in the pools of several). Conflicts of interest
belong to the person, not to a pool: whoever assigns the person must see them (see conflicts.py).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import QualityModel
from gelingen.core.versioning import version_field

# The German states (codes as the `holidays` package spells them); a reviewer works in some of them.
REGION_CHOICES = [
    ("BW", "Baden-Württemberg"),
    ("BY", "Bayern"),
    ("BE", "Berlin"),
    ("BB", "Brandenburg"),
    ("HB", "Bremen"),
    ("HH", "Hamburg"),
    ("HE", "Hessen"),
    ("MV", "Mecklenburg-Vorpommern"),
    ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"),
    ("RP", "Rheinland-Pfalz"),
    ("SL", "Saarland"),
    ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"),
    ("SH", "Schleswig-Holstein"),
    ("TH", "Thüringen"),
]

LANGUAGE_CHOICES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("fr", _("Französisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("ru", _("Russisch")),
    ("uk", _("Ukrainisch")),
    ("pl", _("Polnisch")),
    ("es", _("Spanisch")),
    ("dgs", _("Deutsche Gebärdensprache")),
]

DEFAULT_LOOKBACK_YEARS = 3


def join_codes(codes: list[str]) -> str:
    """Codes stored as ",BE,BB,": `contains=",BE,"` then filters the same on SQLite and PostgreSQL."""
    return f",{','.join(codes)}," if codes else ""


def split_codes(value: str) -> list[str]:
    return [code for code in value.split(",") if code]


class PoolSettings(models.Model):
    """A testing body's rules for its pool (one row per testing body; absent: the defaults)."""

    testing_body = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="reviewer_pool_settings"
    )
    lookback_years = models.PositiveSmallIntegerField(
        _("Rückschau bei Beratung (Jahre)"),
        default=DEFAULT_LOOKBACK_YEARS,
        help_text=_(
            "Wer die Organisation in diesem Zeitraum beraten hat oder dort beschäftigt war, wird ihr nicht "
            "als Gutachter*in zugeordnet. Die Moderation des Einführungsworkshops gilt nicht als Beratung."
        ),
    )
    lock_version = version_field()

    class Meta:
        verbose_name = _("Einstellungen des Gutachter*innen-Pools")
        verbose_name_plural = _("Einstellungen des Gutachter*innen-Pools")

    def __str__(self) -> str:
        return str(self.testing_body)


def lookback_years(testing_body_id: int) -> int:
    stored = PoolSettings.objects.filter(testing_body_id=testing_body_id).values_list(
        "lookback_years", flat=True
    )
    return stored.first() or DEFAULT_LOOKBACK_YEARS


class ReviewerProfile(models.Model):
    testing_body = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reviewer_profiles",
        verbose_name=_("Testierungsstelle"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="reviewer_profiles", verbose_name=_("Person")
    )
    regions = models.CharField(_("Regionen"), max_length=100, blank=True)
    languages = models.CharField(_("Sprachen"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("Kapazität (offene Verfahren)"),
        default=3,
        help_text=_("Wie viele Verfahren die Person höchstens gleichzeitig begutachtet."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    expertise = models.TextField(
        _("Arbeitsfelder und Erfahrung"),
        blank=True,
        help_text=_("Zum Beispiel Suchthilfe, Jugendhilfe, Pflege; was bei der Zuordnung hilft."),
    )
    note = models.TextField(_("interne Notiz der Testierungsstelle"), blank=True)
    lock_version = version_field()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("Gutachter*innen-Profil")
        verbose_name_plural = _("Gutachter*innen-Profile")
        constraints = [models.UniqueConstraint(fields=["testing_body", "user"], name="one_profile_per_pool")]
        ordering = ["user__name", "pk"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def region_codes(self) -> list[str]:
        return split_codes(self.regions)

    @property
    def language_codes(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def region_labels(self) -> list[str]:
        names = dict(REGION_CHOICES)
        return [names.get(code, code) for code in self.region_codes]

    @property
    def language_labels(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.language_codes]

    def accreditation_for(self, model: QualityModel, on: date) -> Accreditation | None:
        """The accreditation for this model version valid on `on` (uses a prefetched list when there)."""
        for accreditation in self.accreditations.all():
            if accreditation.model_id == model.pk and accreditation.valid_on(on):
                return accreditation
        return None


class Accreditation(models.Model):
    """Accredited for one model version until a date (the last valid day)."""

    profile = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="accreditations")
    model = models.ForeignKey(
        QualityModel, on_delete=models.PROTECT, related_name="+", verbose_name=_("Qualitätsmodell")
    )
    valid_until = models.DateField(_("gültig bis"))

    class Meta:
        verbose_name = _("Akkreditierung")
        verbose_name_plural = _("Akkreditierungen")
        constraints = [
            models.UniqueConstraint(fields=["profile", "model"], name="one_accreditation_per_model")
        ]
        ordering = ["model__code", "model__version"]

    def __str__(self) -> str:
        return f"{self.model} ({self.valid_until:%d.%m.%Y})"

    def valid_on(self, day: date) -> bool:
        return day <= self.valid_until


class ConflictOfInterest(models.Model):
    """Why a person must not review an organisation, for a period (open end: still in effect)."""

    class Kind(models.TextChoices):
        ADVISED = "advised", _("beraten oder begleitet")
        EMPLOYMENT = "employment", _("beschäftigt")
        OTHER = "other", _("anderer Grund")

    class Source(models.TextChoices):
        TESTING_BODY = "testing_body", _("Testierungsstelle")
        REVIEWER = "reviewer", _("Gutachter*in")
        ORGANISATION = "organisation", _("Organisation")

    reviewer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="conflicts_of_interest", verbose_name=_("Gutachter*in")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("Organisation")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    period_from = models.DateField(_("von"))
    period_to = models.DateField(_("bis"), null=True, blank=True, help_text=_("Leer: dauert noch an."))
    note = models.TextField(_("Notiz"), blank=True)
    source = models.CharField(_("erfasst durch"), max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("erfasst von")
    )
    recorded_at = models.DateTimeField(_("erfasst am"), default=timezone.now)
    advice_request = models.ForeignKey(
        "AdviceRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="conflicts"
    )

    class Meta:
        verbose_name = _("Interessenkonflikt")
        verbose_name_plural = _("Interessenkonflikte")
        ordering = ["-period_from", "-pk"]
        indexes = [models.Index(fields=["reviewer", "organisation"], name="conflict_by_pair")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__isnull=True) | models.Q(period_to__gte=models.F("period_from")),
                name="conflict_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.organisation}: {self.get_kind_display()}"


class AdviceRequest(models.Model):
    """An organisation's note that it asked a person for advice outside the testing procedure.

    The organisation names the person by e-mail address; every pool profile of that person gets the
    conflict, and profiles created later pick it up (profiles.link_advice_requests). The organisation
    never learns whether the person is in a pool.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="advice_requests")
    name = models.CharField(_("Name der beratenden Person"), max_length=150)
    email = models.EmailField(_("E-Mail-Adresse der beratenden Person"))
    asked_on = models.DateField(_("angefragt am"))
    advice_until = models.DateField(
        _("Beratung bis"), null=True, blank=True, help_text=_("Leer: die Beratung dauert noch an.")
    )
    topic = models.TextField(_("Worum ging es?"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Beratungsanfrage")
        verbose_name_plural = _("Beratungsanfragen")
        ordering = ["-asked_on", "-pk"]
        indexes = [models.Index(fields=["email"], name="advice_request_email")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name} ({self.asked_on:%d.%m.%Y})"


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class Assignment(models.Model):
    """A reviewer assigned to a procedure by the testing body, as first or second reviewer.

    The organisation is notified on `notified_on` and may reject the reviewer with reasons within the
    testing body's rejection period (assignment.py); a rejected or otherwise ended assignment keeps its
    row (the timeline shows it), and its grants on the Selbstreport are revoked.
    """

    class Role(models.TextChoices):
        FIRST = "first", _("Gutachter*in")
        SECOND = "second", _("Zweitgutachter*in")

    procedure = models.ForeignKey(
        "testing.Procedure", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("Verfahren")
    )
    reviewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="review_assignments", verbose_name=_("Gutachter*in")
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.FIRST)
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("zugeordnet von")
    )
    assigned_at = models.DateTimeField(_("zugeordnet am"), default=timezone.now)
    notified_on = models.DateField(_("Organisation benachrichtigt am"))
    rejected_on = models.DateField(_("abgelehnt am"), null=True, blank=True)
    rejection_reasons = models.TextField(_("Gründe der Ablehnung"), blank=True, max_length=4000)
    rejected_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)
    ended_note = models.CharField(_("Grund des Endes"), max_length=300, blank=True)
    grants = models.ManyToManyField("accounts.Grant", blank=True, related_name="+")

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zuordnung")
        verbose_name_plural = _("Zuordnungen")
        ordering = ["procedure", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="one_active_assignment_per_role",
            )
        ]
        indexes = [models.Index(fields=["reviewer", "ended_on"], name="assignment_by_reviewer")]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.reviewer} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
