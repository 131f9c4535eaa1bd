from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.catalogue.models import Requirement
from gelingen.core.forms import DateInput
from gelingen.core.versioning import CONFLICT_MESSAGE, VersionedFormMixin
from gelingen.core.wording import validate_concrete
from gelingen.quality import scope
from gelingen.quality.leitbild.models import LeitbildSection
from gelingen.quality.widgets import RequirementsField

from .justification import excerpt_matches, section_queryset
from .models import Decision, Group, Measure, Meeting, Milestone, Task

MEMBER_ERROR = {"invalid_choice": _("Bitte wählen Sie eine Person aus Ihrer Organisation.")}


def area_label(area) -> str:
    return f"{area.code} {area.display_name}"


def section_label(section: LeitbildSection) -> str:
    return _("%(section)s (Leitbild Version %(number)s)") % {
        "section": section.get_key_display(),
        "number": section.version.number,
    }


JUSTIFICATION_HELP = _(
    "Erklären Sie in eigenen Worten, wie die Maßnahme dem dient, was Leitbild und DgD beschreiben. "
    "KQS unterscheidet drei Stufen: ein bloßer Verweis („entspricht dem Leitbild“), ein Zitat aus dem "
    "Leitbild und eine echte Argumentation (warum und wodurch die Maßnahme dazu beiträgt). Nur die dritte "
    "Stufe wird anerkannt."
)


class MeasureForm(VersionedFormMixin, forms.ModelForm):
    requirements = RequirementsField(
        label=_("Anforderungen"),
        queryset=Requirement.objects.none(),
        required=False,
        help_text=_("Welche Anforderungen des Qualitätsmodells unterstützt die Maßnahme?"),
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "goal",
            "description",
            "phase",
            "status",
            "owner",
            "start_date",
            "end_date",
            "cycle",
            "requirements",
            "leitbild_section",
            "leitbild_excerpt",
            "justification",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "leitbild_excerpt": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        help_texts = {
            "goal": _("Was soll am Ende anders oder besser sein? Möglichst überprüfbar formulieren."),
            "leitbild_excerpt": _(
                "Leer lassen, um den ganzen Abschnitt zu übernehmen, oder auf den Satz kürzen, auf den es "
                "ankommt. Der Auszug muss wörtlich aus dem Abschnitt stammen; „…“ steht für Auslassungen."
            ),
            "justification": JUSTIFICATION_HELP,
        }
        error_messages = {"owner": MEMBER_ERROR}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["owner"].queryset = scope.members(organisation)
        self.fields["cycle"].queryset = organisation.cycles.select_related("model")
        self.fields["cycle"].help_text = _("Optional: der Qualitätszyklus, in dem die Maßnahme läuft.")
        self.fields["requirements"].queryset = scope.requirements(organisation)
        section = self.fields["leitbild_section"]
        section.queryset = section_queryset(organisation, self.instance.leitbild_section)
        section.label_from_instance = section_label
        section.empty_label = _("– kein Abschnitt –")
        section.help_text = _(
            "Der Abschnitt des veröffentlichten Leitbilds, auf den sich die Maßnahme stützt."
        )
        self.fields["title"].widget.attrs["maxlength"] = 200

    def clean(self):
        cleaned = super().clean()
        section = cleaned.get("leitbild_section")
        excerpt = (cleaned.get("leitbild_excerpt") or "").strip()
        if excerpt and not section:
            self.add_error(
                "leitbild_section", _("Bitte wählen Sie den Abschnitt, aus dem der Auszug stammt.")
            )
        elif section and excerpt and not excerpt_matches(section.text, excerpt):
            self.add_error(
                "leitbild_excerpt",
                _(
                    "Der Auszug steht so nicht im gewählten Abschnitt. Kopieren Sie den Satz wörtlich "
                    "aus dem Leitbild; Auslassungen markieren Sie mit „…“."
                ),
            )
        elif section and not excerpt:
            cleaned["leitbild_excerpt"] = section.text
        cycle = cleaned.get("cycle")
        if cycle:
            wrong = [r for r in cleaned.get("requirements") or [] if r.model_id != cycle.model_id]
            if wrong:
                self.add_error(
                    "requirements",
                    _("Diese Anforderungen gehören nicht zum Modell des gewählten Zyklus: %(codes)s")
                    % {"codes": ", ".join(r.code for r in wrong)},
                )
        return cleaned


class MeasureFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    area = forms.TypedChoiceField(label=_("Bereich"), required=False, coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(label=_("verantwortlich"), required=False, coerce=int, empty_value=None)
    check = forms.BooleanField(label=_("nur „Begründung prüfen“"), required=False)

    def __init__(self, *args, areas, members, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("alle"))]
        self.fields["status"].choices = every + list(Measure.Status.choices)
        self.fields["phase"].choices = every + list(Measure.Phase.choices)
        numbers = dict.fromkeys((a.number, area_label(a)) for a in areas)
        self.fields["area"].choices = every + list(numbers)
        self.fields["owner"].choices = every + [(u.pk, u.name) for u in members]

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class MilestoneForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "date", "reached"]
        widgets = {"date": DateInput()}


class TaskForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "responsible", "due_date", "status", "planned_hours"]
        widgets = {"due_date": DateInput()}
        help_texts = {"planned_hours": _("Geschätzter Aufwand; Grundlage der Kapazitätsplanung.")}
        error_messages = {"responsible": MEMBER_ERROR}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = scope.members(organisation)
        self.fields["planned_hours"].widget.attrs.update({"min": "0", "max": "500", "step": "0.5"})

    def clean_planned_hours(self):
        hours = self.cleaned_data.get("planned_hours")
        if hours is not None and not Decimal(0) <= hours <= Decimal(500):
            raise forms.ValidationError(_("Bitte geben Sie zwischen 0 und 500 Stunden an."))
        return hours


class TaskStatusForm(VersionedFormMixin, forms.ModelForm):
    """The status select in a task row: the row is shown again with the stored status after a conflict."""

    conflict_lists_input = True
    conflict_message = _(
        "Jemand anderes hat diese Aufgabe geändert, nachdem Sie die Seite geladen haben; Ihre Änderung "
        "wurde nicht gespeichert. Die Zeile zeigt jetzt den gespeicherten Stand: wählen Sie den Status "
        "erneut, wenn Ihre Wahl gelten soll."
    )

    class Meta:
        model = Task
        fields = ["status"]


class GroupForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "kind",
            "name",
            "purpose",
            "lead",
            "members",
            "guests",
            "areas",
            "reports_to",
            "rhythm_count",
            "rhythm_unit",
            "rhythm_note",
            "next_meeting",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "members": forms.CheckboxSelectMultiple(),
            "areas": forms.CheckboxSelectMultiple(),
            "next_meeting": DateInput(),
        }
        help_texts = {
            "guests": _(
                "Externe Gäste ohne Zugang, eine Person je Zeile (z. B. „Dr. M. Beispiel, Jugendamt“)."
            ),
            "reports_to": _("Qualitätszirkel berichten an die Steuerungsgruppe."),
            "rhythm_count": _("Empfohlen ist ein Treffen alle 4 bis 6 Wochen."),
            "rhythm_note": _("Optional, z. B. „jeweils am zweiten Dienstag, 14–16 Uhr“."),
        }
        error_messages = {"lead": MEMBER_ERROR, "members": MEMBER_ERROR}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = scope.members(organisation)
        self.fields["lead"].queryset = people
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda u: u.name
        self.fields["areas"].queryset = scope.areas(organisation)
        self.fields["areas"].label_from_instance = area_label
        steering = Group.objects.filter(organisation=organisation, kind=Group.Kind.STEERING)
        if self.instance.pk:
            steering = steering.exclude(pk=self.instance.pk)
        self.fields["reports_to"].queryset = steering
        self.fields["rhythm_count"].widget.attrs.update({"min": "1", "max": "52"})
        self.fields["rhythm_unit"].choices = list(Group.Unit.choices)
        self.fields["rhythm_note"].validators.append(validate_concrete)

    def clean_rhythm_count(self):
        count = self.cleaned_data.get("rhythm_count")
        if count is not None and not 1 <= count <= 52:
            raise forms.ValidationError(_("Bitte geben Sie einen Abstand zwischen 1 und 52 an."))
        return count

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Group.Kind.STEERING and cleaned.get("reports_to"):
            self.add_error("reports_to", _("Die Steuerungsgruppe berichtet an kein anderes Gremium."))
        if cleaned.get("rhythm_count") and not cleaned.get("rhythm_unit"):
            self.add_error("rhythm_unit", _("Bitte wählen Sie Wochen oder Monate."))
        return cleaned


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "participants", "guests", "notes"]
        widgets = {
            "date": DateInput(),
            "participants": forms.CheckboxSelectMultiple(),
            "notes": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "notes": _("Themen, Ergebnisse und Absprachen der Sitzung. Beschlüsse tragen Sie unten ein.")
        }
        error_messages = {"participants": MEMBER_ERROR}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = scope.members(organisation)
        self.fields["participants"].label_from_instance = lambda u: u.name


class DecisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "responsible", "due_date", "done"]
        widgets = {"due_date": DateInput(), "text": forms.TextInput(attrs={"size": 45})}
        error_messages = {"responsible": MEMBER_ERROR}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = scope.members(organisation)


class BaseDecisionFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "organisation": self.organisation}


DecisionFormSet = forms.inlineformset_factory(
    Meeting,
    Decision,
    form=DecisionForm,
    formset=BaseDecisionFormSet,
    extra=3,
    can_delete=True,
    can_delete_extra=False,
)


class DecisionTaskForm(forms.Form):
    """Turn a decision into a task of a measure."""

    measure = forms.ModelChoiceField(
        label=_("Maßnahme"),
        queryset=Measure.objects.none(),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Maßnahme Ihrer Organisation.")},
    )
    planned_hours = forms.DecimalField(
        label=_("geplante Stunden"), required=False, min_value=0, max_value=500, decimal_places=1
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(
            organisation=organisation, status__in=[Measure.Status.PLANNED, Measure.Status.RUNNING]
        ).order_by("title")


class CapacityForm(forms.Form):
    """Available hours per month for quality work, one field per member.

    Each field carries the value it was loaded with (hidden initial), so only what the manager changed
    is written and a value someone else saved in between is not overwritten (capacity.save_hours)."""

    def __init__(self, *args, people, hours: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for user in self.people:
            self.fields[f"hours_{user.pk}"] = forms.DecimalField(
                label=user.name,
                required=False,
                min_value=0,
                max_value=250,
                decimal_places=1,
                initial=hours.get(user.pk),
                show_hidden_initial=True,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "250"}),
                error_messages={
                    "max_value": _("Mehr als 250 Stunden im Monat sind nicht möglich."),
                    "min_value": _("Bitte keine negativen Stunden."),
                },
            )

    def changes(self) -> dict:
        """{user: (loaded, new)} for the fields the manager changed; loaded is the stored value at load
        time (the current one when the post carries no loaded value, e.g. from a script)."""
        result = {}
        for user in self.people:
            name = f"hours_{user.pk}"
            field, bound = self.fields[name], self[name]
            if bound.html_initial_name in self.data:
                loaded = field.to_python(self.data.get(bound.html_initial_name))
            else:
                loaded = field.initial
            new = self.cleaned_data.get(name)
            if new != loaded:
                result[user] = (loaded, new)
        return result

    def report_conflicts(self, conflicts: dict) -> None:
        """Errors at the people someone else changed in between; their loaded value moves to the
        stored one, so saving again is a deliberate choice."""
        self.add_error(None, CONFLICT_MESSAGE)
        data = self.data.copy()
        for user, stored in conflicts.items():
            name = f"hours_{user.pk}"
            shown = "–" if stored is None else formats.number_format(stored, 1)
            self.add_error(name, _("Inzwischen gespeichert: %(hours)s Stunden.") % {"hours": shown})
            data[self[name].html_initial_name] = "" if stored is None else str(stored)
        self.data = data
