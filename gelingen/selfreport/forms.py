from django import forms
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.core.uploads import IMAGE_TYPES, UploadField
from gelingen.core.versioning import FingerprintFormMixin, VersionedFormMixin

from .models import Chapter, GoalReport, ReportImage, SelfReport
from .structure import ANSWERS

STALE_MESSAGE = _(
    "Jemand anderes hat dieses Kapitel inzwischen gespeichert. Laden Sie die Seite neu und übernehmen "
    "Sie Ihre Änderungen; Ihr Text steht unten noch im Feld."
)


class ChapterForm(VersionedFormMixin, forms.ModelForm):
    """Texts, owner, status and the requirements this chapter addresses; versioned by `revision`
    (autosave keeps the stale version after a conflict, so no later autosave overwrites the other text)."""

    version_field_name = "revision"
    version_required = True
    conflict_message = STALE_MESSAGE
    conflict_moves_version = False

    class Meta:
        model = Chapter
        fields = ["owner", "status", "body", "answer_a", "answer_b", "answer_c", "answer_d", "requirements"]
        widgets = {
            "requirements": forms.CheckboxSelectMultiple,
            **{
                f: forms.Textarea(attrs={"rows": 12, "class": "md-editor"})
                for f in ["body", "answer_a", "answer_b", "answer_c", "answer_d"]
            },
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        chapter = self.instance
        self.fields["owner"].queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "name"
        )
        for name in ["body", "answer_a", "answer_b", "answer_c", "answer_d"]:
            if name not in chapter.text_fields:
                del self.fields[name]
        for answer in ANSWERS:
            if answer.field in self.fields:
                self.fields[answer.field].help_text = answer.prompt
        if chapter.area_id:
            self.fields["requirements"].queryset = chapter.area.requirements.order_by("position")
            self.fields["requirements"].label_from_instance = lambda r: f"{r.code} {r.display_text}"
            self.fields["requirements"].help_text = _(
                "Haken Sie an, welche Anforderungen dieses Kapitel behandelt; die Prüfung meldet jede Anforderung, "
                "die kein Kapitel behandelt."
            )
        else:
            del self.fields["requirements"]


class GoalReportForm(FingerprintFormMixin, forms.ModelForm):
    class Meta:
        model = GoalReport
        fields = ["goal", "outcome", "text", "changed_goal"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "changed_goal": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.agreed_key:  # the agreed goal is fixed; only what became of it is reported
            self.fields["goal"].disabled = True

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if (
            outcome in (GoalReport.Outcome.MISSED, GoalReport.Outcome.CHANGED)
            and not (cleaned.get("text") or "").strip()
        ):
            self.add_error("text", _("Eine Abweichung vom vereinbarten Ziel muss begründet werden."))
        if outcome == GoalReport.Outcome.CHANGED and not (cleaned.get("changed_goal") or "").strip():
            self.add_error(
                "changed_goal", _("Bitte geben Sie das veränderte Ziel in seiner neuen Fassung an.")
            )
        if outcome != GoalReport.Outcome.CHANGED:
            cleaned["changed_goal"] = ""
        return cleaned


class ReportImageForm(forms.ModelForm):
    file = UploadField(label=_("Bild (PNG oder JPG)"), allowed=IMAGE_TYPES)

    class Meta:
        model = ReportImage
        fields = ["file", "alt_text"]


class OrgChartForm(FingerprintFormMixin, forms.ModelForm):
    org_chart = UploadField(
        label=_("Organigramm (PNG oder JPG, optional)"), allowed=IMAGE_TYPES, required=False
    )

    class Meta:
        model = SelfReport
        fields = ["org_chart", "org_chart_alt"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("org_chart") and not (cleaned.get("org_chart_alt") or "").strip():
            self.add_error("org_chart_alt", _("Bitte beschreiben Sie das Organigramm kurz in Worten."))
        return cleaned


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ich habe den Selbstreport geprüft und reiche ihn verbindlich ein."),
        error_messages={"required": _("Bitte bestätigen Sie die Einreichung.")},
    )
    override_reason = forms.CharField(
        label=_("Begründung für die Einreichung trotz Fehlern (nur Leitung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The newest submission number when the form was shown: a second POST of the same form is recognised.
    after = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("after") is None:
            raise forms.ValidationError(_("Bitte laden Sie die Seite neu und reichen Sie dann ein."))
        return cleaned
