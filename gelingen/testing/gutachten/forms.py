"""Forms of the Gutachten editor: one per part (A, B, D), one per quality area (part C), margin comments,
the second check. Part and area forms carry the record's version (optimistic locking)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gelingen.catalogue.models import Requirement
from gelingen.core.versioning import VersionedFormMixin

from . import rules
from .models import AreaReview, Gutachten, MarginComment, Rating

PARTS: dict[str, tuple[Any, list[str]]] = {
    "a": (_("Teil A: Nachbeschreibung"), ["organisation_text", "success_text"]),
    "b": (_("Teil B: Rückmeldung"), ["selfreport_text", "process_text", "result_text", "next_steps_text"]),
    "d": (_("Teil D: Hinweise für Visitation und Abschlussworkshop"), ["visit_notes", "workshop_notes"]),
}
PART_HELP = {
    "organisation_text": _(
        "Wie Sie die Organisation nach dem Selbstreport verstehen: Auftrag, Angebote, Strukturen."
    ),
    "success_text": _("Was die Organisation als Erfolg ihrer Arbeit versteht, in Ihren Worten."),
    "selfreport_text": _("Aufbau, Verständlichkeit und Nachvollziehbarkeit des Selbstreports."),
    "process_text": _("Wie die Organisation ihren Qualitätsprozess gestaltet hat."),
    "result_text": _("Was der Prozess erreicht hat."),
    "next_steps_text": _("Was Sie der Organisation für die nächsten Schritte empfehlen."),
    "visit_notes": _("Was bei der Visitation angesehen oder besprochen werden soll."),
    "workshop_notes": _("Themen für den Abschlussworkshop."),
}


class _PartForm(VersionedFormMixin, forms.ModelForm):
    part = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in PART_HELP:
                field.widget = forms.Textarea(attrs={"rows": 10})
                field.help_text = PART_HELP[name]


class PartAForm(_PartForm):
    part = "a"

    class Meta:
        model = Gutachten
        fields = PARTS["a"][1]


class PartBForm(_PartForm):
    part = "b"

    class Meta:
        model = Gutachten
        fields = PARTS["b"][1]


class PartDForm(_PartForm):
    part = "d"

    class Meta:
        model = Gutachten
        fields = PARTS["d"][1]


PART_FORMS = {"a": PartAForm, "b": PartBForm, "d": PartDForm}


class AreaForm(VersionedFormMixin, forms.ModelForm):
    """Part C of one area: a rating and an Auflage per requirement, comments, suggestions."""

    class Meta:
        model = AreaReview
        fields = ["comments", "suggestions"]
        widgets = {
            "comments": forms.Textarea(attrs={"rows": 5}),
            "suggestions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, requirements: Iterable[Requirement], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        saved = {r.requirement_id: r for r in self.instance.ratings.all()} if self.instance.pk else {}
        self.rows = []
        for requirement in self.requirements:
            rating = saved.get(requirement.pk)
            value_name, auflage_name = f"r{requirement.pk}", f"a{requirement.pk}"
            self.fields[value_name] = forms.ChoiceField(
                label=_("Bewertung"),
                required=False,
                choices=[("", _("noch nicht bewertet")), *Rating.Value.choices],
                widget=forms.RadioSelect,
                initial=rating.value if rating else "",
            )
            self.fields[auflage_name] = forms.CharField(
                label=_("Auflage"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=rating.auflage if rating else "",
                help_text=_(
                    "Nötig bei „teilweise erfüllt“ und „nicht erfüllt“: was die Organisation erfüllen muss."
                ),
            )
            self.rows.append((requirement, value_name, auflage_name))

    def bound_rows(self) -> list[tuple[Requirement, forms.BoundField, forms.BoundField]]:
        return [(req, self[value], self[auflage]) for req, value, auflage in self.rows]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for _requirement, value_name, auflage_name in self.rows:
            if rules.auflage_missing(cleaned.get(value_name, ""), cleaned.get(auflage_name, "")):
                self.add_error(auflage_name, rules.AUFLAGE_MISSING)
        return cleaned

    def ratings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {req.pk: (data.get(value) or "", data.get(auflage) or "") for req, value, auflage in self.rows}

    @property
    def rated(self) -> int:
        return sum(1 for _r, value, _a in self.rows if self[value].value())


class GoalsForm(VersionedFormMixin, forms.Form):
    """Part C at re-testing: a rating and an Auflage per agreed strategic goal (versioned on the Gutachten)."""

    def __init__(self, *args, rows: Iterable[rules.GoalRow], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for n, row in enumerate(rows):
            value_name, auflage_name = f"g{n}", f"ga{n}"
            self.fields[value_name] = forms.ChoiceField(
                label=_("Bewertung"),
                required=False,
                choices=[("", _("noch nicht bewertet")), *Rating.Value.choices],
                widget=forms.RadioSelect,
                initial=row.rating.value if row.rating else "",
            )
            self.fields[auflage_name] = forms.CharField(
                label=_("Auflage"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=row.rating.auflage if row.rating else "",
                help_text=_(
                    "Nötig bei „teilweise erfüllt“ und „nicht erfüllt“: was die Organisation erfüllen muss."
                ),
            )
            self.rows.append((row, value_name, auflage_name))

    def bound_rows(self) -> list[tuple[rules.GoalRow, forms.BoundField, forms.BoundField]]:
        return [(row, self[value], self[auflage]) for row, value, auflage in self.rows]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for _row, value_name, auflage_name in self.rows:
            if rules.auflage_missing(cleaned.get(value_name, ""), cleaned.get(auflage_name, "")):
                self.add_error(auflage_name, rules.AUFLAGE_MISSING)
        return cleaned

    def ratings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            row.key: (data.get(value) or "", data.get(auflage) or "") for row, value, auflage in self.rows
        }

    @property
    def rated(self) -> int:
        return sum(1 for _r, value, _a in self.rows if self[value].value())


class MarginCommentForm(forms.ModelForm):
    class Meta:
        model = MarginComment
        fields = ["anchor", "text"]
        widgets = {"anchor": forms.HiddenInput, "text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Randkommentar zu diesem Absatz")}

    # `anchors` is positional-or-keyword: the form discovery tests build forms from keyword-only arguments
    def __init__(self, data=None, anchors: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.anchors = anchors or {}

    def clean_anchor(self) -> str:
        anchor = self.cleaned_data["anchor"]
        if anchor not in self.anchors:
            raise forms.ValidationError(_("Diesen Absatz gibt es im eingereichten Selbstreport nicht."))
        return anchor

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Bitte schreiben Sie einen Kommentar."))
        return text


class CheckForm(forms.Form):
    """The second reviewer's decision: approve, or return with a comment."""

    comment = forms.CharField(
        label=_("Kommentar der Zweitbegutachtung"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beim Zurückgeben nötig: was überarbeitet werden soll."),
    )
