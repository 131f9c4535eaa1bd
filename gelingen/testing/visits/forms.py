"""Forms of the visit, the decision letter and the workshops (the rules live in visit.py etc.)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gelingen.core.forms import DateInput
from gelingen.core.uploads import UploadField
from gelingen.core.versioning import VersionedFormMixin

from .models import Finding, Visit, Workshop

PROTOCOL_TYPES = ("pdf", "docx")
MET_CHOICES = [("", _("noch offen")), ("yes", _("erfüllt")), ("no", _("nicht erfüllt"))]


class VisitForm(VersionedFormMixin, forms.ModelForm):
    """The agreed date, duration, place, agenda and participants, as the first reviewer reports them."""

    class Meta:
        model = Visit
        fields = ["on", "hours", "place", "agenda", "participants"]
        widgets = {
            "on": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.Textarea(attrs={"rows": 4}),
        }


class FindingsForm(forms.Form):
    """Per Auflage: the evidence seen and whether it is now met; `findings` name the rows."""

    def __init__(self, *args, **kwargs) -> None:
        findings: list[Finding] = list(kwargs.pop("findings", ()))
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Finding, forms.BoundField, forms.BoundField]] = []
        for f in findings:
            evidence, met = f"evidence_{f.pk}", f"met_{f.pk}"
            self.fields[evidence] = forms.CharField(
                label=_("Gesehene Nachweise"),
                required=False,
                max_length=4000,
                initial=f.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[met] = forms.ChoiceField(
                label=_("Ist die Auflage jetzt erfüllt?"),
                choices=MET_CHOICES,
                required=False,
                initial={True: "yes", False: "no"}.get(f.met, ""),  # type: ignore[arg-type]
                widget=forms.RadioSelect,
            )
            self.rows.append((f, self[evidence], self[met]))

    def values(self) -> dict[str, tuple[str, bool | None]]:
        data = self.cleaned_data
        return {
            f.key: (
                data.get(f"evidence_{f.pk}", ""),
                {"yes": True, "no": False}.get(data.get(f"met_{f.pk}", "")),
            )
            for f, _e, _m in self.rows
        }


class ProtocolForm(forms.Form):
    protocol = forms.CharField(
        label=_("Protokoll"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Schreiben Sie das Protokoll hier oder laden Sie es als Datei hoch."),
    )
    protocol_upload = UploadField(
        label=_("Protokoll als Datei (PDF oder Word)"), required=False, allowed=PROTOCOL_TYPES
    )
    recommendation = forms.ChoiceField(
        label=_("Empfehlung"), choices=Visit.Recommendation.choices, widget=forms.RadioSelect
    )


class ModeratorField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.user.name


class WorkshopForm(VersionedFormMixin, forms.ModelForm):
    """Date, duration, form, the phone call beforehand and the participants of a workshop."""

    class Meta:
        model = Workshop
        fields = ["moderator", "on", "hours", "format", "call_on", "participants"]
        widgets = {
            "on": DateInput(),
            "call_on": DateInput(),
            "format": forms.RadioSelect,
            "participants": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"moderator": ModeratorField}

    def __init__(self, *args, **kwargs) -> None:
        moderators = kwargs.pop("moderators", None)
        super().__init__(*args, **kwargs)
        field = self.fields["moderator"]
        assert isinstance(field, forms.ModelChoiceField)
        if moderators is not None:
            field.queryset = moderators

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        on, call_on = cleaned.get("on"), cleaned.get("call_on")
        if on and call_on and call_on > on:
            self.add_error("call_on", _("Das Vorgespräch findet vor dem Workshop statt."))
        return cleaned


class WorkshopResultForm(forms.Form):
    held_on = forms.DateField(label=_("durchgeführt am"), widget=DateInput())
    participants = forms.CharField(
        label=_("Teilnehmende"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    result = forms.CharField(
        label=_("Ergebnis"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Was in Teil 1 und Teil 2 erarbeitet wurde, offene Fragen, nächste Schritte."),
    )
