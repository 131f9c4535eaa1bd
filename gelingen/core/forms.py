"""Small form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString


class DateInput(forms.DateInput):
    """A native date picker; the value is always ISO so the browser can read it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def posted(request: HttpRequest):
    """Form data for a POST (even an empty one, so a bound form reports missing fields), else None."""
    return request.POST if request.method == "POST" else None


class EscapedHelpTextBoundField(BoundField):
    """Django's form templates print `help_text|safe`; help texts here may carry user values (file names,
    guiding questions), so they are escaped unless deliberately built as safe markup (format_html)."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.help_text = conditional_escape(self.help_text) if self.help_text else ""


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): every form's fields escape their help text."""

    bound_field_class = EscapedHelpTextBoundField


class FastSelect(forms.Select):
    """A <select> rendered in Python: hundreds of options (e.g. every requirement of a cycle in a
    filter) cost milliseconds instead of one widget template per option. Same HTML semantics as
    forms.Select for flat choices and <optgroup>s; single choice only."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        selected = set(self.format_value(value))
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})

        def options(choices) -> SafeString:
            return format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((v, " selected" if str(v) in selected else "", label) for v, label in choices),
            )

        parts = [
            format_html('<optgroup label="{}">{}</optgroup>', value, options(label))
            if isinstance(label, (list, tuple))
            else options([(value, label)])
            for value, label in self.choices
        ]
        return format_html("<select{}>{}</select>", flatatt(final), SafeString("".join(parts)))
