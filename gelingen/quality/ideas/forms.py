from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation
from gelingen.core.versioning import VersionedFormMixin
from gelingen.quality import scope
from gelingen.quality.measures.forms import area_label

from .goals import parse_indicators, validate_indicators, validate_target_year, year_range
from .models import GoalProposal, Idea


class IdeaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["kind", "title", "description", "source", "areas"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "areas": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "kind": _(
                "Eine Idee ist ein Vorschlag; ein Qualitätsentwicklungsziel beschreibt, was erreicht "
                "werden soll."
            ),
            "description": _("Was soll sich ändern, und warum? Was ist der Anlass?"),
            "areas": _("Optional: die Qualitätsbereiche, die betroffen sind."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = scope.areas(organisation)
        self.fields["areas"].label_from_instance = area_label
        self.fields["title"].widget.attrs["maxlength"] = 200


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    source = forms.ChoiceField(label=_("Quelle"), required=False)
    area = forms.TypedChoiceField(label=_("Bereich"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("alle"))]
        self.fields["status"].choices = every + list(Idea.Status.choices)
        self.fields["kind"].choices = every + list(Idea.Kind.choices)
        self.fields["source"].choices = every + list(Idea.Source.choices)
        self.fields["area"].choices = every + list(dict.fromkeys((a.number, area_label(a)) for a in areas))

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung der Ablehnung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte begründen Sie die Ablehnung.")},
        help_text=_("Die Person, die die Idee eingebracht hat, kann die Begründung lesen."),
    )


def idea_choices(organisation: Organisation, proposal: GoalProposal | None = None):
    """Ideas a proposal can build on: all but rejected ones, plus those it is already linked to (an idea
    rejected after it was linked stays selectable, so the proposal can still be saved)."""
    choosable = ~Q(status=Idea.Status.REJECTED)
    if proposal is not None and proposal.pk:
        choosable |= Q(pk__in=proposal.ideas.values("pk"))
    return Idea.objects.filter(choosable, organisation=organisation).order_by("title")


class GoalProposalForm(VersionedFormMixin, forms.ModelForm):
    indicators_text = forms.CharField(
        label=_("Prüfindikatoren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Ein Indikator je Zeile: Woran lässt sich bei der Retestierung erkennen, dass das Ziel erreicht "
            "ist? Zum Beispiel „Ein Konzept zur Nachsorge ist beschlossen und im Handbuch veröffentlicht“."
        ),
    )

    class Meta:
        model = GoalProposal
        fields = [
            "title",
            "description",
            "rationale",
            "target_year",
            "indicators_text",
            "status",
            "cycle",
            "ideas",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "ideas": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "description": _(
                "Ein Ziel für die ganze Organisation, mittel- bis langfristig, kein einmaliges Ereignis."
            ),
            "rationale": _(
                "Warum ist das Ziel für die nächsten Jahre wichtig? Bezug auf Leitbild, DgD und Ergebnisse."
            ),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = year_range()
        self.fields["target_year"].help_text = _("Zwischen %(first)s und %(last)s.") % {
            "first": first,
            "last": last,
        }
        self.fields["target_year"].widget.attrs.update({"min": str(first), "max": str(last)})
        self.fields["cycle"].queryset = organisation.cycles.all()
        self.fields["cycle"].help_text = _(
            "Optional: der Zyklus, in dessen Selbstreport der Vorschlag steht."
        )
        self.fields["ideas"].queryset = idea_choices(organisation, self.instance)
        self.fields["ideas"].help_text = _(
            "Optional: angenommene oder geplante Ideen, aus denen der Vorschlag entstand."
        )
        if self.instance.pk and not self.is_bound:
            self.fields["indicators_text"].initial = "\n".join(i.text for i in self.instance.indicators.all())

    def clean_target_year(self):
        year = self.cleaned_data.get("target_year")
        if year is not None:
            original = self.instance.target_year if self.instance.pk else None
            if year != original:  # an existing proposal keeps its year even after time has passed
                validate_target_year(year)
        return year

    def clean(self):
        cleaned = super().clean()
        indicators = parse_indicators(cleaned.get("indicators_text", ""))
        try:
            validate_indicators(indicators, cleaned.get("status") == GoalProposal.Status.SELFREPORT)
        except forms.ValidationError as error:
            self.add_error("indicators_text", error)
        cleaned["indicators"] = indicators
        return cleaned
