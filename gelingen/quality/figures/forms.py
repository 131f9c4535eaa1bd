from __future__ import annotations

import contextlib
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import Area
from gelingen.core.forms import DateInput
from gelingen.core.uploads import accept_attribute, validate_upload
from gelingen.core.versioning import VersionedFormMixin, save_claimed
from gelingen.quality import scope
from gelingen.quality.widgets import RequirementsField

from . import csv_import
from .models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator
from .periods import Period, check_started, last_completed, parse_period, recent_periods


def _areas(organisation: Organisation, instance):
    """The organisation's areas (scope.areas); areas an edited item is already tied to stay selectable."""
    areas = scope.areas(organisation)
    if instance.pk:
        areas = areas | Area.objects.filter(pk__in=instance.areas.values("pk"))
    return areas


def _area_label(area: Area) -> str:
    return f"{area.code} {area.display_name}"


class KeyFigureForm(VersionedFormMixin, forms.ModelForm):
    requirements = RequirementsField(
        label=_("Anforderungen"),
        help_text=_(
            "Optional. Meist QB10.1 und die Anforderungen des Bereichs, zu dem die Kennzahl etwas aussagt."
        ),
    )

    class Meta:
        model = KeyFigure
        fields = [
            "name",
            "code",
            "kind",
            "unit",
            "decimals",
            "numerator_label",
            "denominator_label",
            "definition",
            "justification",
            "rhythm",
            "direction",
            "target",
            "target_min",
            "target_max",
            "areas",
            "requirements",
            "owner",
            "active",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "justification": forms.Textarea(attrs={"rows": 5}),
            "areas": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for name in ("target", "target_min", "target_max"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True
        self.fields["owner"].queryset = scope.members(organisation)
        self.fields["areas"].queryset = _areas(organisation, self.instance)
        self.fields["areas"].label_from_instance = _area_label
        linked = self.instance.requirements.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["requirements"].queryset = scope.requirements(organisation, include=linked)
        if self.instance.pk and self.instance.values.exists():
            # Stored periods and numerators depend on these; changing them would orphan the values.
            for name in ("kind", "rhythm"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Kann nicht mehr geändert werden, weil schon Werte erfasst sind."
                )

    def _taken(self, field: str, value: str) -> bool:
        others = KeyFigure.objects.filter(organisation=self.organisation, **{f"{field}__iexact": value})
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        return others.exists()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if self._taken("code", code):
            raise ValidationError(_("Dieses Kürzel hat schon eine andere Kennzahl."))
        return code

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self._taken("name", name):
            raise ValidationError(_("Eine Kennzahl mit diesem Namen gibt es schon."))
        return name

    def clean(self):
        cleaned = super().clean()
        kind, direction = cleaned.get("kind"), cleaned.get("direction")
        if kind == KeyFigure.Kind.RATIO:
            for name in ("numerator_label", "denominator_label"):
                if not cleaned.get(name):
                    self.add_error(
                        name, _("Bei einer Verhältniszahl bitte beschreiben, was Zähler und Nenner sind.")
                    )
        elif kind == KeyFigure.Kind.ABSOLUTE:
            cleaned["numerator_label"] = cleaned["denominator_label"] = ""
        low, high = cleaned.get("target_min"), cleaned.get("target_max")
        if direction == KeyFigure.Direction.BAND:
            if cleaned.get("target") is not None:
                self.add_error(
                    "target", _("Beim Zielkorridor bitte „Korridor von“ und „Korridor bis“ angeben.")
                )
            if low is None and high is None:
                self.add_error("target_min", _("Bitte mindestens eine Grenze des Zielkorridors angeben."))
            if low is not None and high is not None and low > high:
                self.add_error("target_max", _("Das Ende des Korridors muss größer als der Anfang sein."))
        elif direction:
            for name, value in (("target_min", low), ("target_max", high)):
                if value is not None:
                    self.add_error(name, _("Korridorgrenzen gelten nur für die Zielrichtung „Zielkorridor“."))
        return cleaned

    def save(self, commit: bool = True) -> KeyFigure:
        unit_changed = "unit" in self.changed_data
        figure = super().save(commit=commit)
        if commit and unit_changed and figure.pk:
            figure.recompute_values()
        return figure


class PeriodChoiceMixin:
    """A select of recent periods plus a text field for any other period; both checked against the rhythm."""

    def setup_period(
        self, rhythm: str, today: date, current: str = "", taken: set[str] = frozenset()
    ) -> None:
        self.rhythm, self.today = rhythm, today
        periods = recent_periods(rhythm, today)
        choices = [("", _("– anderer Zeitraum, bitte unten eingeben –"))]
        keys = {p.key for p in periods}
        # the stored period of an edited value, or one asked for by a link (e.g. from "Fällig");
        # a linked period that has not begun yet is not offered (it would be refused)
        for wanted in dict.fromkeys([current, self.initial.get("period") or ""]):
            if wanted and wanted not in keys:
                with contextlib.suppress(ValidationError):
                    period = parse_period(rhythm, wanted)
                    if wanted == current or period.start <= today:
                        periods.append(period)
        for p in periods:
            suffix = f" – {_('schon erfasst')}" if p.key in taken and p.key != current else ""
            choices.append((p.key, f"{p.label} ({p.key}){suffix}"))
        self.fields["period"].choices = choices
        if not self.is_bound and not self.initial.get("period"):
            self.initial["period"] = current or last_completed(rhythm, today).key

    def clean_period_fields(self) -> Period | None:
        if "period" in self.errors or "other_period" in self.errors:
            return None  # the field has said what is wrong already
        chosen = (self.cleaned_data.get("other_period") or "").strip() or self.cleaned_data.get("period")
        if not chosen:
            self.add_error("period", _("Bitte wählen Sie einen Zeitraum oder geben Sie einen ein."))
            return None
        field = "other_period" if (self.cleaned_data.get("other_period") or "").strip() else "period"
        try:
            period = parse_period(self.rhythm, chosen)
            check_started(period, self.today)
            return period
        except ValidationError as exc:
            self.add_error(field, exc)
            return None


def _period_fields() -> tuple[forms.Field, forms.Field]:
    return (
        forms.ChoiceField(label=_("Zeitraum"), required=False),
        forms.CharField(
            label=_("Anderer Zeitraum"),
            required=False,
            max_length=30,
            help_text=_("Nur für ältere Zeiträume, z. B. „2024-11“, „2024-Q3“, „2024-H2“ oder „2023“."),
        ),
    )


class FigureValueForm(VersionedFormMixin, PeriodChoiceMixin, forms.Form):
    period, other_period = _period_fields()
    value = forms.DecimalField(
        label=_("Wert"), localize=True, max_digits=16, decimal_places=4, required=False
    )
    numerator = forms.DecimalField(
        label=_("Zähler"), localize=True, max_digits=16, decimal_places=4, required=False, min_value=0
    )
    denominator = forms.DecimalField(
        label=_("Nenner"), localize=True, max_digits=16, decimal_places=4, required=False, min_value=0
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        max_length=csv_import.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. Besonderheiten der Erhebung, Einordnung und daraus gezogene Konsequenzen."),
    )

    def __init__(self, *args, figure: KeyFigure, instance: FigureValue | None = None, today=None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "period": instance.period,
                    "value": instance.value,
                    "numerator": instance.numerator,
                    "denominator": instance.denominator,
                    "note": instance.note,
                },
            )
        super().__init__(*args, record=instance, **kwargs)
        self.figure, self.instance = figure, instance
        taken = set(figure.values.values_list("period", flat=True))
        self.setup_period(
            figure.rhythm, today or timezone.localdate(), instance.period if instance else "", taken
        )
        if not self.is_bound and instance is None and self.initial.get("period") in taken:
            self.initial["period"] = ""
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
        if figure.is_ratio:
            del self.fields["value"]
            self.fields["numerator"].required = self.fields["denominator"].required = True
            self.fields["numerator"].help_text = figure.numerator_label
            self.fields["denominator"].help_text = figure.denominator_label
        else:
            del self.fields["numerator"], self.fields["denominator"]
            self.fields["value"].required = True
            if figure.unit:
                self.fields["value"].label = _("Wert (%(unit)s)") % {"unit": figure.unit}

    def clean(self):
        cleaned = super().clean()
        period = self.clean_period_fields()
        if period is not None:
            others = self.figure.values.filter(period=period.key)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "other_period" if cleaned.get("other_period") else "period",
                    _("Für %(period)s gibt es schon einen Wert. Bitte bearbeiten Sie diesen.")
                    % {"period": period.label},
                )
            cleaned["period_obj"] = period
        if self.figure.is_ratio:
            numerator, denominator = cleaned.get("numerator"), cleaned.get("denominator")
            if numerator is not None and denominator is not None:
                try:
                    cleaned["computed"] = self.figure.compute(numerator=numerator, denominator=denominator)
                except ValidationError as exc:
                    self.add_error("denominator", exc)
        elif cleaned.get("value") is not None:
            cleaned["computed"] = self.figure.compute(value=cleaned["value"])
        return cleaned

    def save(self, user: User) -> FigureValue:  # type: ignore[override]
        """Save the value; an edit is claimed atomically (EditConflict when someone saved in between)."""
        data = self.cleaned_data
        item = self.instance or FigureValue(figure=self.figure, entered_by=user)

        def write() -> FigureValue:
            item.period = data["period_obj"].key
            item.value = data["computed"]
            item.numerator = data.get("numerator") if self.figure.is_ratio else None
            item.denominator = data.get("denominator") if self.figure.is_ratio else None
            item.note = data.get("note", "")
            item.updated_by = user
            item.save()
            return item

        return save_claimed(item, self.loaded_version(), write) if item.pk else write()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_("UTF-8, Trennzeichen Semikolon oder Komma, höchstens 1 MB."),
        widget=forms.FileInput(attrs={"accept": accept_attribute(csv_import.UPLOAD_TYPES)}),
    )
    overwrite = forms.BooleanField(
        label=_("vorhandene Werte überschreiben"),
        required=False,
        help_text=_("Ohne Haken werden Zeilen für schon erfasste Zeiträume als Fehler gemeldet."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # stricter than the site-wide upload limit: the import checks every row in one request
        if upload.size > csv_import.MAX_BYTES:
            raise ValidationError(_("Die Datei ist größer als 1 MB. Bitte teilen Sie sie auf."))
        try:
            validate_upload(upload, csv_import.UPLOAD_TYPES)
        except ValidationError as refused:
            # a spreadsheet or a file in another encoding: say how to save it as CSV instead
            try:
                csv_import.decode(_read(upload))
            except ValidationError as reason:
                raise reason from refused
            raise
        return upload


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = QualitativeIndicator
        fields = [
            "title",
            "description",
            "agreed_with",
            "agreed_on",
            "agreement_note",
            "rhythm",
            "areas",
            "owner",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "agreement_note": forms.Textarea(attrs={"rows": 3}),
            "agreed_on": DateInput(),
            "areas": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = scope.members(organisation)
        self.fields["areas"].queryset = _areas(organisation, self.instance)
        self.fields["areas"].label_from_instance = _area_label
        if self.instance.pk and self.instance.assessments.exists():
            self.fields["rhythm"].disabled = True
            self.fields["rhythm"].help_text = _(
                "Kann nicht mehr geändert werden, weil schon Bewertungen erfasst sind."
            )

    def clean_agreed_on(self):
        day = self.cleaned_data["agreed_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("Das Datum der Vereinbarung darf nicht in der Zukunft liegen."))
        return day


class AssessmentForm(VersionedFormMixin, PeriodChoiceMixin, forms.Form):
    period, other_period = _period_fields()
    rating = forms.ChoiceField(
        label=_("Einschätzung"), choices=IndicatorAssessment.Rating.choices, widget=forms.RadioSelect()
    )
    assessment = forms.CharField(
        label=_("Bewertung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=IndicatorAssessment._meta.get_field("assessment").help_text,
    )
    evidence = forms.CharField(
        label=_("Belege"),
        required=False,
        max_length=500,
        help_text=IndicatorAssessment._meta.get_field("evidence").help_text,
    )

    def __init__(
        self,
        *args,
        indicator: QualitativeIndicator,
        instance: IndicatorAssessment | None = None,
        today=None,
        **kwargs,
    ):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "period": instance.period,
                    "rating": instance.rating,
                    "assessment": instance.assessment,
                    "evidence": instance.evidence,
                },
            )
        super().__init__(*args, record=instance, **kwargs)
        self.indicator, self.instance = indicator, instance
        taken = set(indicator.assessments.values_list("period", flat=True))
        self.setup_period(
            indicator.rhythm, today or timezone.localdate(), instance.period if instance else "", taken
        )
        if not self.is_bound and instance is None and self.initial.get("period") in taken:
            self.initial["period"] = ""

    def clean(self):
        cleaned = super().clean()
        period = self.clean_period_fields()
        if period is not None:
            others = self.indicator.assessments.filter(period=period.key)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "other_period" if cleaned.get("other_period") else "period",
                    _("Für %(period)s gibt es schon eine Bewertung. Bitte bearbeiten Sie diese.")
                    % {"period": period.label},
                )
            cleaned["period_obj"] = period
        return cleaned

    def save(self, user: User) -> IndicatorAssessment:  # type: ignore[override]
        """Save the assessment; an edit is claimed atomically (EditConflict when someone saved in between)."""
        data = self.cleaned_data
        item = self.instance or IndicatorAssessment(indicator=self.indicator, assessed_by=user)

        def write() -> IndicatorAssessment:
            item.period = data["period_obj"].key
            item.rating = data["rating"]
            item.assessment = data["assessment"]
            item.evidence = data.get("evidence", "")
            item.save()
            return item

        return save_claimed(item, self.loaded_version(), write) if item.pk else write()


class ReportPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Berichtszeitraum"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = choices
