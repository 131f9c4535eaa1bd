from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.forms import DateInput
from gelingen.core.versioning import VersionedFormMixin
from gelingen.quality import scope

from .models import TYPE_AREAS, Activity, ActivityType, Occurrence
from .recording import check_done_on
from .standard import STANDARD


def area_choices(org: Organisation) -> list[scope.AreaChoice]:
    """The organisation's areas (scope.area_choices); QB1-QB12 by number when no catalogue is installed."""
    return scope.area_choices(org) or [scope.AreaChoice(n, "") for n in range(1, 13)]


def area_label(choice: scope.AreaChoice) -> str:
    return choice.label if choice.name else choice.code


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "type",
            "title",
            "area_number",
            "interval_count",
            "interval_unit",
            "rhythm_note",
            "owner",
            "next_due",
            "active",
            "description",
        ]
        widgets = {
            "next_due": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "interval_count": forms.NumberInput(attrs={"min": 1, "max": 999}),
        }
        help_texts = {"title": _("Leer lassen: die Art wird als Bezeichnung verwendet.")}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["title"].required = False
        choices = [(choice.number, area_label(choice)) for choice in area_choices(organisation)]
        current = self.instance.area_number
        if current and current not in {number for number, _label in choices}:
            choices.append((current, self.instance.area_code))  # keep an area no longer chosen
        area = forms.TypedChoiceField(
            label=self.fields["area_number"].label,
            help_text=self.fields["area_number"].help_text,
            choices=[("", "–"), *choices],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["area_number"] = area
        self.fields["owner"].queryset = scope.members(organisation)
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie eine Person aus Ihrer Organisation."
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("type")
        if kind and not cleaned.get("title"):
            cleaned["title"] = str(ActivityType(kind).label)
            self.instance.title = cleaned["title"]
        if kind and cleaned.get("area_number") is None:
            cleaned["area_number"] = TYPE_AREAS.get(kind)
        return cleaned

    def save(self, commit: bool = True):
        self.instance.organisation = self.organisation
        return super().save(commit)


class StandardForm(forms.Form):
    """Choose which of the standard activities to create; the ones that exist are left out."""

    types = forms.MultipleChoiceField(
        label=_("Diese Tätigkeiten anlegen"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Tätigkeit.")},
    )

    def __init__(self, *args, existing: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = [
            (s.type, f"{s.title} ({s.rhythm_label})") for s in STANDARD if s.type not in existing
        ]
        self.fields["types"].initial = [value for value, _label in self.fields["types"].choices]


class OccurrenceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Occurrence
        fields = ["done_on", "participants", "result", "conclusions", "evidence_ref"]
        widgets = {
            "done_on": DateInput(),
            "result": forms.Textarea(attrs={"rows": 4}),
            "conclusions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "participants": _("Wer war beteiligt? Namen, Funktionen oder Gremien."),
            "result": _("Was ist herausgekommen? Ergebnisse, nicht nur das Vorgehen."),
        }
        error_messages = {
            "result": {"required": _("Bitte halten Sie das Ergebnis fest.")},
            "conclusions": {
                "required": _("Bitte halten Sie die Schlussfolgerungen fest (auch „beibehalten, weil …“).")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("done_on", timezone.localdate())

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        check_done_on(done_on)
        return done_on


class DueFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("nur meine"), required=False)


class FeedForm(forms.Form):
    include_all = forms.BooleanField(
        label=_("alle Termine meiner Organisationen"),
        required=False,
        help_text=_("Sonst enthält der Kalender nur die Termine, für die Sie verantwortlich sind."),
    )
    action = forms.ChoiceField(choices=[("new", "new"), ("save", "save"), ("delete", "delete")])
