"""Forms of the testing procedure: registration, the steps, the filters of the work list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.accounts.roles import REVIEWER
from gelingen.catalogue.models import QualityModel
from gelingen.core.forms import DateInput, FastSelect
from gelingen.quality.models import Cycle

from . import access, deadlines
from .models import Procedure

REASON_FIELDS = {
    "decline": ("decline_reason", _("Grund der Ablehnung")),
    "withdraw": ("withdrawal_reason", _("Grund des Rückzugs")),
    "appeal": ("appeal_reasons", _("Begründung des Widerspruchs")),
    "appeal_upheld": ("appeal_decision_reasons", _("Begründung der Entscheidung")),
    "appeal_rejected": ("appeal_decision_reasons", _("Begründung der Entscheidung")),
}


class RegistrationForm(forms.Form):
    """The organisation registers one of its cycles with a testing body."""

    testing_body = forms.ModelChoiceField(
        label=_("Testierungsstelle"), queryset=Organisation.objects.none(), empty_label=_("bitte wählen")
    )
    cycle = forms.ModelChoiceField(
        label=_("Qualitätszyklus"), queryset=Cycle.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Art"), choices=Procedure.Kind.choices, initial=Procedure.Kind.FIRST)
    intended_date = forms.DateField(
        label=_("angestrebter Termin der Retestierung"),
        required=False,
        widget=DateInput(),
        help_text=_("Nur bei einer Retestierung: bis wann das Verfahren abgeschlossen sein soll."),
    )
    state = forms.ChoiceField(
        label=_("Bundesland"),
        choices=[("", _("bitte wählen")), *deadlines.STATES],
        help_text=_("Fällt eine Frist auf einen Feiertag Ihres Bundeslandes, wird das angezeigt."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        body_field = self.fields["testing_body"]
        assert isinstance(body_field, forms.ModelChoiceField)
        body_field.queryset = Organisation.objects.filter(kind=Organisation.Kind.TESTING_BODY)
        open_cycles = Procedure.objects.exclude(
            status__in=[Procedure.Status.DECLINED, Procedure.Status.WITHDRAWN]
        ).values("cycle")
        cycle_field = self.fields["cycle"]
        assert isinstance(cycle_field, forms.ModelChoiceField)
        cycle_field.queryset = organisation.cycles.exclude(pk__in=open_cycles).select_related("model")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Procedure.Kind.RETEST:
            if not cleaned.get("intended_date"):
                self.add_error(
                    "intended_date", _("Bei einer Retestierung geben Sie bitte den angestrebten Termin an.")
                )
            elif cleaned["intended_date"] <= timezone.localdate():
                self.add_error("intended_date", _("Der angestrebte Termin muss in der Zukunft liegen."))
        elif cleaned.get("intended_date"):
            self.add_error(
                "intended_date", _("Einen angestrebten Termin gibt es nur bei einer Retestierung.")
            )
        return cleaned

    def previous(self) -> Procedure | None:
        """For a re-testing: the organisation's latest Testat."""
        return (
            Procedure.objects.filter(organisation=self.organisation, status=Procedure.Status.CERTIFIED)
            .order_by("-valid_until")
            .first()
        )


class StepForm(forms.Form):
    """One step: its date, a note, and what the step needs (reason, outcome, workshop date)."""

    on = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, step: str, **kwargs) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.step = step
        if step in REASON_FIELDS:
            name, label = REASON_FIELDS[step]
            self.fields[name] = forms.CharField(
                label=label,
                max_length=4000,
                required=step not in ("appeal_upheld", "appeal_rejected"),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            del self.fields["note"]
        if step == "send_gutachten":
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Ergebnis des Gutachtens"),
                choices=Procedure.Outcome.choices,
                widget=forms.RadioSelect,
            )
        if step == "workshop_reported":
            self.fields["on"].label = _("Termin mitgeteilt am")
            self.fields["workshop_on"] = forms.DateField(
                label=_("Datum des Abschlussworkshops"), widget=DateInput()
            )

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Ein Schritt kann nicht in der Zukunft liegen."))
        return on

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("on", "note")}


class ProcedureFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("alle")), *Procedure.Status.choices],
        widget=FastSelect,
    )
    model = forms.ModelChoiceField(
        label=_("Modell"),
        required=False,
        queryset=QualityModel.objects.all(),
        empty_label=_("alle"),
        widget=FastSelect,
    )
    year = forms.IntegerField(label=_("Jahr der Anmeldung"), required=False, min_value=2000, max_value=2100)
    reviewer = forms.ModelChoiceField(
        label=_("Gutachter*in"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("alle"),
        widget=FastSelect,
    )
    open = forms.BooleanField(label=_("nur laufende"), required=False)

    def __init__(self, *args: Any, testing_body: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if testing_body is None:  # an organisation's own list: no reviewer filter
            del self.fields["reviewer"]
        else:
            reviewer = self.fields["reviewer"]
            assert isinstance(reviewer, forms.ModelChoiceField)
            reviewer.queryset = User.objects.filter(
                memberships__organisation=testing_body, memberships__role=REVIEWER
            ).order_by("name", "pk")

    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filter(self, rows):
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("model"):
            rows = rows.filter(cycle__model=data["model"])
        if data.get("year"):
            rows = rows.filter(registered_at__year=data["year"])
        if data.get("reviewer"):
            rows = rows.filter(access.reviewed_by(data["reviewer"].pk))
        if data.get("open"):
            rows = rows.filter(~Q(status__in=["declined", "withdrawn", "certified"]))
        return rows
