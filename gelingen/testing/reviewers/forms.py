from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.accounts.roles import REVIEWER
from gelingen.catalogue.models import QualityModel
from gelingen.core.forms import DateInput, FastSelect
from gelingen.core.versioning import VersionedFormMixin

from .models import (
    LANGUAGE_CHOICES,
    REGION_CHOICES,
    Accreditation,
    AdviceRequest,
    ConflictOfInterest,
    PoolSettings,
    ReviewerProfile,
    join_codes,
)


class CodesField(forms.MultipleChoiceField):
    """Checkboxes stored as ",BE,BB," (models.join_codes)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices: list, **kwargs: Any) -> None:
        super().__init__(choices=choices, required=False, **kwargs)


class _CodesMixin(forms.ModelForm):
    """Regions and languages as checkboxes on top of the code strings."""

    regions = CodesField(choices=REGION_CHOICES, label=_("Regionen"))
    languages = CodesField(choices=LANGUAGE_CHOICES, label=_("Sprachen"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["regions"] = self.instance.region_codes
            self.initial["languages"] = self.instance.language_codes

    def clean_regions(self) -> str:
        return join_codes(self.cleaned_data["regions"])

    def clean_languages(self) -> str:
        return join_codes(self.cleaned_data["languages"])


class ProfileForm(VersionedFormMixin, _CodesMixin):
    """The officer's form: everything of a profile; the person only when the profile is new."""

    class Meta:
        model = ReviewerProfile
        fields = ["user", "regions", "languages", "capacity", "active", "phone", "expertise", "note"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, testing_body: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.testing_body = testing_body
        self.fields["capacity"].validators.append(MaxValueValidator(50))
        if self.instance.pk:
            del self.fields["user"]
        else:
            taken = ReviewerProfile.objects.filter(testing_body=testing_body).values("user_id")
            people = User.objects.filter(
                memberships__organisation=testing_body, memberships__role=REVIEWER
            ).exclude(pk__in=taken)
            user_field = self.fields["user"]
            user_field.queryset = people.order_by("name")  # type: ignore[attr-defined]
            user_field.label = _("Person")
            user_field.help_text = _(
                "Mitglieder der Testierungsstelle mit der Rolle Gutachter*in, die noch kein Profil haben."
            )
            user_field.error_messages["invalid_choice"] = _(
                "Bitte wählen Sie eine Gutachterin oder einen Gutachter Ihrer Testierungsstelle."
            )


class OwnProfileForm(VersionedFormMixin, _CodesMixin):
    """What reviewers keep up to date themselves; capacity, accreditation and status are the officer's."""

    class Meta:
        model = ReviewerProfile
        fields = ["regions", "languages", "phone", "expertise"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}


class AccreditationForm(forms.ModelForm):
    class Meta:
        model = Accreditation
        fields = ["model", "valid_until"]
        widgets = {"valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field = self.fields["model"]
        model_field.queryset = QualityModel.objects.order_by("code", "version")  # type: ignore[attr-defined]
        model_field.required = False  # an empty extra row is skipped; a date without a model is an error

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("valid_until") and not cleaned.get("model") and not cleaned.get("DELETE"):
            self.add_error("model", _("Bitte wählen Sie das Qualitätsmodell der Akkreditierung."))
        if cleaned.get("model") and not cleaned.get("valid_until"):
            self.add_error("valid_until", _("Bitte geben Sie an, bis wann die Akkreditierung gilt."))
        return cleaned


AccreditationFormSet = forms.inlineformset_factory(
    ReviewerProfile,
    Accreditation,
    form=AccreditationForm,
    extra=2,
    can_delete=True,
)


def _check_period(form: forms.BaseForm, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("Das Ende darf nicht vor dem Beginn liegen."))


class ConflictForm(forms.ModelForm):
    """A conflict of interest, recorded by the testing body or by the reviewer."""

    class Meta:
        model = ConflictOfInterest
        fields = ["organisation", "kind", "period_from", "period_to", "note"]
        widgets = {
            "organisation": FastSelect,
            "period_from": DateInput(),
            "period_to": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "kind": _(
                "Die Moderation des Einführungsworkshops ist keine Beratung in diesem Sinn und wird nicht "
                "erfasst."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=Organisation.Kind.SERVICE
        ).order_by("name")
        organisation.error_messages["invalid_choice"] = _("Bitte wählen Sie eine Organisation aus der Liste.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_period(self, "period_from", "period_to")
        return cleaned


class AdviceRequestForm(forms.ModelForm):
    class Meta:
        model = AdviceRequest
        fields = ["name", "email", "asked_on", "advice_until", "topic"]
        widgets = {
            "asked_on": DateInput(),
            "advice_until": DateInput(),
            "topic": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_asked_on(self):
        asked_on = self.cleaned_data["asked_on"]
        if asked_on > timezone.localdate():
            raise forms.ValidationError(_("Das Datum der Anfrage darf nicht in der Zukunft liegen."))
        return asked_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_period(self, "asked_on", "advice_until")
        return cleaned


class PoolSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PoolSettings
        fields = ["lookback_years"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lookback_years"].validators += [MinValueValidator(1), MaxValueValidator(10)]


class PoolFilterForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Qualitätsmodell"), queryset=QualityModel.objects.none(), required=False
    )
    valid_on = forms.DateField(
        label=_("akkreditiert am"),
        required=False,
        widget=DateInput(),
        help_text=_("Nur mit Qualitätsmodell: Akkreditierung an diesem Tag gültig (leer: heute)."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Sprache"), required=False)
    free = forms.BooleanField(label=_("nur mit freier Kapazität"), required=False)
    inactive = forms.BooleanField(label=_("auch inaktive"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = QualityModel.objects.order_by("code", "version")  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("alle")), *REGION_CHOICES]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("alle")), *LANGUAGE_CHOICES]  # type: ignore[attr-defined]

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
