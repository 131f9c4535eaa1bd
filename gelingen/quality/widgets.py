"""Choosing requirements: one collapsible group of checkboxes per quality area."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gelingen.catalogue.models import Requirement

from .scope import requirement_groups


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group (quality area), collapsed unless something is ticked."""

    template_name = "quality/widgets/grouped_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {"label": group, "options": options, "open": any(o["selected"] for o in options), "index": index}
            for group, options, index in context["widget"]["optgroups"]
        ]
        return context


class GroupedRequirementIterator(ModelChoiceIterator):
    """Choices grouped by area (the model name too when requirements of several models are offered)."""

    def __iter__(self):
        for label, items in requirement_groups(self.queryset):
            yield label, [self.choice(r) for r in items]


class RequirementsField(forms.ModelMultipleChoiceField):
    """Pick requirements; set `.queryset` (e.g. `scope.requirements(org)`), validation uses it."""

    iterator = GroupedRequirementIterator
    widget = GroupedCheckboxes

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Requirement.objects.none())
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _(
                    "Bitte wählen Sie Anforderungen aus den Qualitätszyklen Ihrer Organisation."
                )
            },
        )
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} – {Truncator(obj.display_text).chars(140)}"


def requirement_filter_choices(queryset) -> list:
    """<select> choices: "alle", then one <optgroup> per area (the model's name too when several).

    Read as plain values in one query: a filter may offer every requirement of several models."""
    english = (get_language() or "de").startswith("en")
    rows = queryset.values_list(
        "pk", "code", "text", "text_en", "model_id", "model__code", "model__version", "area_id",
        "area__number", "area__name", "area__name_en",
    )  # fmt: skip
    groups: dict[tuple[int, int], tuple[str, str, list[tuple[int, str]]]] = {}  # area, model, options
    for pk, code, text, text_en, model_id, m_code, m_version, area_id, number, name, name_en in rows:
        if (model_id, area_id) not in groups:
            area = f"QB{number} {name_en if english and name_en else name}"
            groups[model_id, area_id] = (area, f"{m_code.upper()} {m_version}", [])
        text = text_en if english and text_en else text
        groups[model_id, area_id][2].append((pk, f"{code} – {text if len(text) <= 60 else text[:59] + '…'}"))
    several = len({model_id for model_id, _area in groups}) > 1
    return [("", _("alle"))] + [
        (f"{model} – {area}" if several else area, options) for area, model, options in groups.values()
    ]
