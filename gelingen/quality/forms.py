from django import forms
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import Area, QualityModel
from gelingen.core.forms import DateInput
from gelingen.core.versioning import VersionedFormMixin

from .models import Assessment, Cycle


class CycleForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["title", "kind", "model", "start_date", "target_date", "optional_areas"]
        widgets = {
            "start_date": DateInput(),
            "target_date": DateInput(),
            "optional_areas": forms.CheckboxSelectMultiple(),
        }
        labels = {"model": _("Qualitätsmodell")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = QualityModel.objects.all()
        self.fields["model"].empty_label = None
        self.fields["optional_areas"].queryset = Area.objects.filter(optional=True).select_related("model")
        self.fields["optional_areas"].label_from_instance = lambda a: f"{a.model} – {a.code} {a.display_name}"
        self.fields["optional_areas"].help_text = _("Optionale Bereiche werden auf Wunsch mittestiert.")
        if self.instance.pk:
            # The model version is pinned once the cycle exists.
            self.fields["model"].disabled = True

    def clean(self):
        cleaned = super().clean()
        model = cleaned.get("model")
        wrong = [a for a in cleaned.get("optional_areas") or [] if model and a.model_id != model.pk]
        if wrong:
            self.add_error(
                "optional_areas",
                _("Diese Bereiche gehören nicht zum gewählten Modell: %(areas)s")
                % {"areas": ", ".join(a.code for a in wrong)},
            )
        return cleaned


class AssessmentForm(VersionedFormMixin, forms.Form):
    """One row of the self-assessment. A plain form: `update_assessment` applies it and keeps the history;
    the row (`record=`) is versioned, so a save over someone else's newer one is refused."""

    conflict_lists_input = True  # the row shows the saved values; the message keeps the person's input

    status = forms.ChoiceField(label=_("Status"), choices=Assessment.Status.choices)
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.ModelChoiceField(
        label=_("verantwortlich"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Person aus Ihrer Organisation.")},
    )
    due_date = forms.DateField(label=_("fällig am"), required=False, widget=DateInput())

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = organisation.members()


class AssessmentFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Bereich"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *list(Assessment.Status.choices)]
    )
    responsible = forms.TypedChoiceField(
        label=_("verantwortlich"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("nur überfällige"), required=False)

    def __init__(self, *args, areas, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("alle"))] + [
            (a.number, f"{a.code} {a.display_name}") for a in areas
        ]
        self.fields["responsible"].choices = [("", _("alle"))] + [(u.pk, u.name) for u in members]

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
