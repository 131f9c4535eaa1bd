from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.forms import DateInput
from gelingen.core.versioning import VersionedFormMixin
from gelingen.quality.scope import area_choices

from .models import Feedback
from .rules import handling_errors


def _all(choices) -> list:
    return [("", _("alle")), *list(choices)]


class FeedbackForm(VersionedFormMixin, forms.ModelForm):
    """Recording and handling one entry (members with write access); two people handling the same
    entry at once cannot overwrite each other (core.versioning)."""

    area = forms.TypedChoiceField(label=_("Qualitätsbereich"), required=False, coerce=int, empty_value=None)

    class Meta:
        model = Feedback
        fields = [
            "kind",
            "source",
            "channel",
            "received_on",
            "area",
            "text",
            "status",
            "handler",
            "consequence",
            "informed",
            "informed_on",
            "done_on",
            "contact_name",
            "contact",
        ]
        widgets = {
            "received_on": DateInput(),
            "done_on": DateInput(),
            "informed_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 5}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "consequence": _("Was folgt daraus? Pflicht, bevor die Rückmeldung als erledigt gilt."),
            "informed": _("z. B. „Beschwerdeführerin telefonisch, Team in der Dienstbesprechung“"),
            "done_on": _("Leer lassen: beim Erledigen wird das heutige Datum eingetragen."),
            "contact_name": _("Freiwillig; nur eintragen, wenn die Person eine Antwort wünscht."),
            "contact": _("Freiwillig; nur für Mitarbeitende mit Schreibrecht sichtbar."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        areas = [(choice.number, choice.label) for choice in area_choices(organisation)]
        self.fields["area"].choices = [("", _("– ohne Zuordnung –")), *areas]
        self.fields["area"].error_messages["invalid_choice"] = _("Bitte wählen Sie einen Qualitätsbereich.")
        handler = self.fields["handler"]
        handler.queryset = organisation.members()
        handler.label_from_instance = lambda u: u.name or u.email
        handler.error_messages["invalid_choice"] = _("Bitte wählen Sie eine Person aus Ihrer Organisation.")
        self.fields["text"].error_messages["required"] = _("Bitte geben Sie den Inhalt der Rückmeldung ein.")

    def clean(self):
        cleaned = super().clean()
        errors = handling_errors(
            cleaned.get("status", ""),
            cleaned.get("consequence", ""),
            cleaned.get("received_on"),
            cleaned.get("done_on"),
            cleaned.get("informed_on"),
            timezone.localdate(),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), required=False, choices=_all(Feedback.Kind.choices))
    status = forms.ChoiceField(label=_("Bearbeitung"), required=False, choices=_all(Feedback.Status.choices))
    source = forms.ChoiceField(label=_("Herkunft"), required=False, choices=_all(Feedback.Source.choices))
    channel = forms.ChoiceField(label=_("Weg"), required=False, choices=_all(Feedback.Channel.choices))
    overdue = forms.BooleanField(
        label=_("nur Beschwerden, die älter als 30 Tage und offen sind"), required=False
    )

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class HoneypotInput(forms.TextInput):
    """A field people never see; bots that fill every input give themselves away.

    Its name and label match nothing that browsers or password managers fill in automatically
    (no "website", "url", "name", "address", ...), so a real complaint is not taken for spam."""

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


class PublicFeedbackForm(forms.Form):
    HONEYPOT = "hp_k7q"

    kind = forms.ChoiceField(
        label=_("Was möchten Sie uns mitteilen?"),
        choices=[
            (Feedback.Kind.SUGGESTION, _("eine Anregung oder Idee")),
            (Feedback.Kind.COMPLAINT, _("eine Beschwerde")),
            (Feedback.Kind.PRAISE, _("ein Lob")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie aus, worum es geht.")},
    )
    text = forms.CharField(
        label=_("Ihre Rückmeldung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Bitte schreiben Sie uns Ihre Rückmeldung."),
            "max_length": _("Bitte fassen Sie sich kürzer (höchstens %(limit_value)d Zeichen)."),
        },
    )
    source = forms.ChoiceField(
        label=_("Sie schreiben uns als (freiwillig)"),
        required=False,
        choices=[
            ("", _("keine Angabe")),
            (Feedback.Source.INDIVIDUAL, _("Klient*in, Angehörige*r oder Besucher*in")),
            (Feedback.Source.INSTITUTIONAL, _("Vertreter*in einer Einrichtung oder Behörde")),
            (Feedback.Source.PARTNER, _("Kooperationspartner*in")),
            (Feedback.Source.STAFF, _("Mitarbeiter*in")),
        ],
    )
    contact_name = forms.CharField(label=_("Ihr Name (freiwillig)"), required=False, max_length=150)
    contact = forms.CharField(
        label=_("E-Mail oder Telefon (freiwillig)"),
        required=False,
        max_length=200,
        help_text=_("Nur angeben, wenn Sie eine Antwort wünschen."),
    )
    hp_k7q = forms.CharField(label=_("Bitte leer lassen"), required=False, widget=HoneypotInput())

    def clean_contact_name(self) -> str:
        return " ".join(self.cleaned_data["contact_name"].split())

    def clean_contact(self) -> str:
        return self.cleaned_data["contact"].strip()
