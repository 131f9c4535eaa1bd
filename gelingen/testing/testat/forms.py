from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.core.uploads import UploadField
from gelingen.core.versioning import VersionedFormMixin
from gelingen.quality.ideas.goals import parse_indicators, validate_indicators

from .models import Goal

PROTOCOL_TYPES = ("pdf", "docx")
SCAN_TYPES = ("pdf",)


class GoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "indicators"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("Wie eine Anforderung formuliert: Was gilt am Ende der vier Jahre?"),
            "indicators": _(
                "Woran sich bei der Retestierung prüfen lässt, ob das Ziel erreicht ist; einer je Zeile."
            ),
        }

    def clean_indicators(self) -> str:
        lines = parse_indicators(self.cleaned_data.get("indicators", ""))
        validate_indicators(lines, for_selfreport=True)
        if not lines:
            raise ValidationError(_("Bitte nennen Sie mindestens einen Prüfindikator."))
        return "\n".join(lines)


class CheckForm(forms.Form):
    comment = forms.CharField(
        label=_("Anmerkung zur Formulierung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nötig, wenn Sie um eine Änderung bitten."),
    )


class ProtocolForm(forms.Form):
    file = UploadField(label=_("Protokoll des Abschlussworkshops (PDF oder Word)"), allowed=PROTOCOL_TYPES)


class ScanForm(forms.Form):
    file = UploadField(
        label=_("Scan der von beiden Seiten unterschriebenen Vereinbarung (PDF)"), allowed=SCAN_TYPES
    )


class WithdrawForm(forms.Form):
    on = forms.DateField(label=_("entzogen am"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Grund des Entzugs"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("Das Datum des Entzugs kann nicht in der Zukunft liegen."))
        return on


class LookupForm(forms.Form):
    number = forms.CharField(label=_("Testatnummer"), max_length=40)
