from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.forms import DateInput, FastSelect
from gelingen.core.uploads import UploadField
from gelingen.core.versioning import VersionedFormMixin
from gelingen.quality.scope import area_choices, requirements
from gelingen.quality.widgets import RequirementsField, requirement_filter_choices

from .models import Evidence


class EvidenceForm(VersionedFormMixin, forms.ModelForm):
    area_number = forms.TypedChoiceField(
        label=_("Qualitätsbereich"),
        coerce=int,
        help_text=_("Bestimmt die Kennung (z. B. QB3-07); sie bleibt danach unverändert."),
    )
    upload = UploadField(label=_("Datei"), required=False)
    remove_file = forms.BooleanField(label=_("Gespeicherte Datei entfernen"), required=False)
    requirements = RequirementsField(
        label=_("Belegt diese Anforderungen"),
        help_text=_("Ein Nachweis kann mehrere Anforderungen belegen, auch aus anderen Bereichen."),
    )

    class Meta:
        model = Evidence
        fields = [
            "title",
            "area_number",
            "kind",
            "description",
            "upload",
            "remove_file",
            "location",
            "period_start",
            "period_end",
            "version",
            "revision_date",
            "requirements",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "revision_date": DateInput(),
        }
        help_texts = {
            "version": _("Zum Beispiel „2.1“ oder „Fassung 2026“."),
            "revision_date": _("Datum der gültigen Fassung."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        editing = self.instance.pk is not None
        areas = area_choices(organisation)
        self.fields["area_number"].choices = [(a.number, a.label) for a in areas]
        if editing:
            self.fields["area_number"].disabled = True
            self.fields["area_number"].choices = [
                (a.number, a.label) for a in areas if a.number == self.instance.area_number
            ] or [(self.instance.area_number, f"QB{self.instance.area_number}")]
            self.fields["area_number"].help_text = _(
                "Die Kennung %(id)s bleibt unverändert; der Bereich kann nicht mehr gewechselt werden."
            ) % {"id": self.instance.identifier}
        linked = self.instance.requirements.all() if editing else []
        self.fields["requirements"].queryset = requirements(organisation, include=linked)
        if not (editing and self.instance.file):
            del self.fields["remove_file"]
        else:
            # format_html escapes the stored file name (a user value).
            self.fields["upload"].help_text = format_html(
                gettext("Gespeichert ist „{name}“. Eine neue Datei ersetzt sie. {help}"),
                name=self.instance.file_name,
                help=self.fields["upload"].help_text,
            )
        self.fields["location"].widget.attrs["placeholder"] = _("Ordner QM, Register 3")

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_location(self) -> str:
        return self.cleaned_data["location"].strip()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        keeps_file = bool(self.instance.pk and self.instance.file and not cleaned.get("remove_file"))
        has_file = bool(upload) or keeps_file
        has_location = bool(cleaned.get("location"))
        if "upload" in self.errors:
            return cleaned
        if not has_file and not has_location:
            self.add_error(
                None,
                _(
                    "Bitte laden Sie eine Datei hoch oder geben Sie den Ablageort an "
                    "(zum Beispiel Ordner oder Pfad im Intranet)."
                ),
            )
        elif has_file and has_location:
            message = _("Bitte geben Sie entweder eine Datei oder einen Ablageort an, nicht beides.")
            if keeps_file:
                message = "{} {}".format(
                    message,
                    _("Um die gespeicherte Datei durch den Ablageort zu ersetzen, entfernen Sie die Datei."),
                )
            self.add_error(None, message)
        return cleaned


class EvidenceFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    area = forms.TypedChoiceField(label=_("Bereich"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    requirement = forms.TypedChoiceField(
        label=_("Anforderung"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    unlinked = forms.BooleanField(label=_("ohne Anforderung"), required=False)

    def __init__(self, *args, areas, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Titel oder Kennung")
        self.fields["area"].choices = [("", _("alle"))] + [(a.number, a.label) for a in areas]
        self.fields["kind"].choices = [("", _("alle")), *Evidence.Kind.choices]
        self.fields["requirement"].choices = requirement_filter_choices(requirements)

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            queryset = queryset.filter(Q(title__icontains=q) | Q(identifier__icontains=q))
        if data["area"]:
            queryset = queryset.filter(area_number=data["area"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["requirement"]:
            queryset = queryset.filter(requirements=data["requirement"])
        if data["unlinked"]:
            queryset = queryset.filter(requirements__isnull=True)
        return queryset
