"""Key figures (Kennzahlen) and qualitative success indicators of an organisation (QB10).

A key figure is either an absolute number or a ratio; its values are collected per period of its
rhythm (one value per period). Qualitative success indicators are agreed between the people
involved and assessed per period on a three-step scale.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Area, Requirement
from gelingen.core.versioning import version_field

from . import targets
from . import values as num
from .periods import Period, Rhythm, parse_period, period_label

VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}


class KeyFigure(models.Model):
    class Kind(models.TextChoices):
        ABSOLUTE = "absolute", _("absolute Zahl")
        RATIO = "ratio", _("Verhältniszahl (Zähler/Nenner)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("höher ist besser")
        LOWER = "lower", _("niedriger ist besser")
        BAND = "band", _("Zielkorridor (Minimum bis Maximum)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_figures")
    code = models.CharField(
        _("Kürzel"),
        max_length=20,
        help_text=_(
            "Kurz und eindeutig, z. B. „EK“ oder „WZ-ERST“; identifiziert die Kennzahl beim CSV-Import."
        ),
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.ABSOLUTE)
    unit = models.CharField(
        _("Einheit"), max_length=30, blank=True, help_text=_("z. B. „Fälle“, „%“ oder „Tage“.")
    )
    decimals = models.PositiveSmallIntegerField(
        _("Nachkommastellen"), default=1, choices=[(n, str(n)) for n in range(4)]
    )
    numerator_label = models.CharField(
        _("Zähler"), max_length=200, blank=True, help_text=_("Nur bei Verhältniszahlen: was gezählt wird.")
    )
    denominator_label = models.CharField(
        _("Nenner"), max_length=200, blank=True, help_text=_("Nur bei Verhältniszahlen: worauf bezogen wird.")
    )
    definition = models.TextField(
        _("Definition"), help_text=_("Wie wird gezählt oder berechnet? Welche Quelle, welche Abgrenzung?")
    )
    justification = models.TextField(
        _("Begründung"),
        help_text=_(
            "Warum sagt diese Kennzahl etwas über das Gelingen Ihrer Arbeit aus? "
            "Stellen Sie den Bezug zu Leitbild und DgD in eigenen Worten her."
        ),
    )
    rhythm = models.CharField(_("Erhebungsrhythmus"), max_length=12, choices=Rhythm.choices)
    direction = models.CharField(
        _("Zielrichtung"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(
        _("Zielwert"),
        null=True,
        blank=True,
        **VALUE_DIGITS,
        help_text=_("Optional; bei Zielkorridor leer lassen."),
    )
    target_min = models.DecimalField(_("Korridor von"), null=True, blank=True, **VALUE_DIGITS)
    target_max = models.DecimalField(_("Korridor bis"), null=True, blank=True, **VALUE_DIGITS)
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("Qualitätsbereiche"))
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="+", verbose_name=_("Anforderungen")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Nur aktive Kennzahlen erscheinen im Bericht und in „Fällig“.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_figure_code"),
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_figure_name"),
        ]
        indexes = [models.Index(fields=["organisation", "active", "name"], name="figure_org_active")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("figures:detail", args=[self.organisation.slug, self.pk])

    @property
    def is_ratio(self) -> bool:
        return self.kind == self.Kind.RATIO

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def has_target(self) -> bool:
        if self.direction == self.Direction.BAND:
            return self.target_min is not None or self.target_max is not None
        return self.target is not None

    def period(self, key: str) -> Period:
        return parse_period(self.rhythm, key)

    @property
    def target_display(self) -> str:
        return targets.target_text(
            self.direction, self.target, self.target_min, self.target_max, self.unit, self.decimals
        )

    def status_of(self, value: Decimal | None) -> targets.TargetStatus:
        return targets.target_status(self.direction, value, self.target, self.target_min, self.target_max)

    def trend_of(self, previous: Decimal | None, current: Decimal | None) -> targets.Trend | None:
        return targets.trend(previous, current, self.direction, self.target_min, self.target_max)

    def format(self, value: Decimal | None) -> str:
        """The value with the figure's unit and decimals, e.g. "66,7 %"."""
        return num.format_with_unit(value, self.unit, self.decimals)

    def format_change(self, diff: Decimal | None) -> str:
        return num.format_change(diff, self.unit, self.decimals)

    def compute(self, value=None, numerator=None, denominator=None) -> Decimal:
        """The stored value: typed for absolute figures, computed from numerator/denominator for ratios."""
        if self.is_ratio:
            return num.compute_ratio(numerator, denominator, self.is_percent)
        return num.quantize(Decimal(value))

    def recompute_values(self) -> int:
        """After a unit change ("%" or not) the stored ratio values follow their numerators/denominators."""
        if not self.is_ratio:
            return 0
        changed = []
        for item in self.values.exclude(numerator=None).exclude(denominator=None).exclude(denominator=0):
            new = self.compute(numerator=item.numerator, denominator=item.denominator)
            if new != item.value:
                item.value = new
                changed.append(item)
        FigureValue.objects.bulk_update(changed, ["value"])
        return len(changed)


class FigureValue(models.Model):
    """The value of one key figure for one period; ratios keep numerator and denominator."""

    figure = models.ForeignKey(KeyFigure, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("Zeitraum"), max_length=10)
    period_start = models.DateField(editable=False)
    value = models.DecimalField(_("Wert"), **VALUE_DIGITS)
    numerator = models.DecimalField(_("Zähler"), null=True, blank=True, **VALUE_DIGITS)
    denominator = models.DecimalField(_("Nenner"), null=True, blank=True, **VALUE_DIGITS)
    note = models.TextField(_("Notiz"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Kennzahlwert")
        verbose_name_plural = _("Kennzahlwerte")
        ordering = ["figure", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["figure", "period"], name="one_value_per_period")]
        indexes = [models.Index(fields=["figure", "period_start"], name="figure_value_start")]

    def __str__(self) -> str:
        return f"{self.figure} {self.period}: {self.value}"

    def save(self, *args, **kwargs):
        self.period_start = parse_period(self.figure.rhythm, self.period).start
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.figure.rhythm)

    @property
    def display(self) -> str:
        return self.figure.format(self.value)

    @property
    def status(self) -> targets.TargetStatus:
        return self.figure.status_of(self.value)

    @property
    def was_changed(self) -> bool:
        """Edited after it was first entered (saving sets both timestamps a moment apart)."""
        return bool(
            self.entered_at and self.updated_at and (self.updated_at - self.entered_at).total_seconds() > 60
        )


class QualitativeIndicator(models.Model):
    """A qualitative success indicator: what success looks like, agreed by those involved."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="qualitative_indicators"
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(
        _("Vereinbarte Beschreibung"),
        help_text=_(
            "Woran erkennen Sie, dass es gelingt? So beschrieben, wie es gemeinsam vereinbart wurde."
        ),
    )
    agreed_with = models.CharField(
        _("Vereinbart mit"),
        max_length=300,
        help_text=_("Wer hat sich darauf verständigt, z. B. „Team, Leitung und Klient*innenbeirat“."),
    )
    agreed_on = models.DateField(_("Vereinbart am"))
    agreement_note = models.TextField(
        _("Wie wurde der Konsens hergestellt?"),
        blank=True,
        help_text=_("z. B. Workshop, Teamsitzung, Umfrage."),
    )
    rhythm = models.CharField(
        _("Bewertungsrhythmus"), max_length=12, choices=Rhythm.choices, default=Rhythm.HALF_YEARLY
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("Qualitätsbereiche"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Qualitativer Erfolgsindikator")
        verbose_name_plural = _("Qualitative Erfolgsindikatoren")
        ordering = ["title"]
        indexes = [models.Index(fields=["organisation", "active", "title"], name="indicator_org_active")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("figures:indicator_detail", args=[self.organisation.slug, self.pk])


class IndicatorAssessment(models.Model):
    class Rating(models.TextChoices):
        NOT_MET = "not_met", _("nicht erreicht")
        PARTLY = "partly", _("teilweise erreicht")
        MET = "met", _("erreicht")

    indicator = models.ForeignKey(QualitativeIndicator, on_delete=models.CASCADE, related_name="assessments")
    period = models.CharField(_("Zeitraum"), max_length=10)
    period_start = models.DateField(editable=False)
    rating = models.CharField(_("Einschätzung"), max_length=10, choices=Rating.choices)
    assessment = models.TextField(
        _("Bewertung"), help_text=_("Was wurde beobachtet, wie ordnen Sie es ein, welche Konsequenz folgt?")
    )
    evidence = models.CharField(
        _("Belege"),
        max_length=500,
        blank=True,
        help_text=_("Verweis auf Nachweise, z. B. „Protokoll Teamsitzung 12.05.2026“ oder eine Nachweis-ID."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    lock_version = version_field()  # optimistic locking (gelingen.core.versioning)

    class Meta:
        verbose_name = _("Bewertung eines Erfolgsindikators")
        verbose_name_plural = _("Bewertungen von Erfolgsindikatoren")
        ordering = ["indicator", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_assessment_per_period")
        ]
        indexes = [models.Index(fields=["indicator", "period_start"], name="indicator_assessment_start")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.get_rating_display()}"

    def save(self, *args, **kwargs):
        self.period_start = parse_period(self.indicator.rhythm, self.period).start
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.rhythm)
