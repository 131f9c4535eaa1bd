"""Small form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest


class DateInput(forms.DateInput):
    """A native date picker; the value is always ISO so the browser can read it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def posted(request: HttpRequest):
    """Form data for a POST (even an empty one, so a bound form reports missing fields), else None."""
    return request.POST if request.method == "POST" else None
