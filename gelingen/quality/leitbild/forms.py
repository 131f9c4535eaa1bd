from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.forms import DateInput
from gelingen.core.versioning import VersionedFormMixin
from gelingen.core.wording import validate_concrete

from .models import SECTION_KEYS, LeitbildVersion, Participation, RevisionPlan
from .rules import communication_errors, participation_date_error, revision_date_error

TEXT_LIMIT = 20000


class DraftForm(forms.Form):
    """The draft's free text and the 8 specifications; hints are the catalogue's guiding questions."""

    edit_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    preamble = forms.CharField(
        label=_("Freier Text"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Einleitung oder Präambel, z. B. Geschichte und Trägerschaft der Einrichtung."),
    )

    def __init__(self, *args, hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        hints = hints or {}
        for key, label in SECTION_KEYS:
            hint = hints.get(key, "")
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Leitfragen: %(hint)s") % {"hint": hint} if hint else "",
            )

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _label in SECTION_KEYS}


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("Was hat sich geändert?"),
        max_length=300,
        help_text=_("Kurz, z. B. „DgD nach dem Teamworkshop geschärft, Ressourcen ergänzt“."),
        error_messages={"required": _("Bitte beschreiben Sie kurz, was sich geändert hat.")},
    )


class CommunicationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LeitbildVersion
        fields = ["written_on", "internal_on", "internal_channel", "external_on", "external_channel"]
        widgets = {"written_on": DateInput(), "internal_on": DateInput(), "external_on": DateInput()}
        help_texts = {
            "written_on": _("Leer lassen, solange es keine schriftliche Fassung gibt."),
            "internal_channel": _("z. B. Teamsitzung, Intranet, Aushang"),
            "external_channel": _("z. B. Website, Flyer, Jahresbericht"),
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        errors = communication_errors(
            cleaned.get("written_on"),
            cleaned.get("internal_on"),
            cleaned.get("internal_channel", ""),
            cleaned.get("external_on"),
            cleaned.get("external_channel", ""),
            timezone.localdate(),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


class RevisionPlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RevisionPlan
        fields = ["responsible", "next_revision_on", "rhythm"]
        widgets = {"next_revision_on": DateInput()}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_date = self.instance.next_revision_on if self.instance.pk else None
        field = self.fields["responsible"]
        field.queryset = organisation.members()
        field.label_from_instance = lambda u: u.name or u.email
        field.error_messages["invalid_choice"] = _("Bitte wählen Sie eine Person aus Ihrer Organisation.")
        field.help_text = _("Erhält die Erinnerung vor dem Termin.")
        self.fields["rhythm"].validators.append(validate_concrete)

    def clean_next_revision_on(self):
        value = self.cleaned_data.get("next_revision_on")
        error = revision_date_error(value, self.initial_date, timezone.localdate())
        if error:
            raise forms.ValidationError(error)
        return value


class ParticipationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["held_on", "format", "participants", "version", "note"]
        widgets = {"held_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.queryset = LeitbildVersion.objects.filter(organisation=organisation).order_by("-number")
        field.label_from_instance = lambda v: v.label
        field.empty_label = _("– keine bestimmte –")
        field.error_messages["invalid_choice"] = _("Bitte wählen Sie eine Version Ihres Leitbilds.")

    def clean_held_on(self):
        value = self.cleaned_data.get("held_on")
        error = participation_date_error(value, timezone.localdate())
        if error:
            raise forms.ValidationError(error)
        return value


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("ältere Fassung"), coerce=int)
    new = forms.TypedChoiceField(label=_("neuere Fassung"), coerce=int)

    def __init__(self, *args, versions: list[LeitbildVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.pk, v.label) for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
