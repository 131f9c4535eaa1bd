"""Choosing requirements: one collapsible group of checkboxes per quality area."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.text import Truncator
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
    """<select> choices: "alle", then one <optgroup> per area."""
    return [("", _("alle"))] + [
        (label, [(r.pk, f"{r.code} – {Truncator(r.display_text).chars(60)}") for r in items])
        for label, items in requirement_groups(queryset)
    ]
