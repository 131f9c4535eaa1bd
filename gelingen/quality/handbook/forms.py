from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gelingen.accounts.models import Organisation, User
from gelingen.core.uploads import UploadField
from gelingen.core.versioning import VersionedFormMixin
from gelingen.quality.scope import requirements
from gelingen.quality.widgets import RequirementsField

from .chapters import build_tree, flatten, parent_map, placement_error
from .models import Chapter, Document, KeyProcess, ProcessInterface, ProcessStep


def members_of(organisation: Organisation):
    return User.objects.filter(memberships__organisation=organisation).order_by("name")


def chapter_choices(organisation: Organisation, blank: str | None = None) -> list[tuple]:
    """Chapters in table-of-contents order with their numbers, e.g. "2.1 Beratung"."""
    nodes = flatten(build_tree(Chapter.objects.filter(organisation=organisation)))
    choices = [(n.chapter.pk, f"{n.number} {n.chapter.title}") for n in nodes]
    return [("", blank), *choices] if blank is not None else choices


class ChapterForm(VersionedFormMixin, forms.ModelForm):
    parent = forms.TypedChoiceField(
        label=_("übergeordnetes Kapitel"), required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Chapter
        fields = ["title", "parent", "position", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["parent"].choices = chapter_choices(organisation, blank=_("– oberste Ebene –"))
        self.fields["parent"].help_text = _("Höchstens drei Ebenen, z. B. 2 › 2.1 › 2.1.3.")
        if self.instance.pk:
            self.initial["parent"] = self.instance.parent_id

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_parent(self) -> Chapter | None:
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        return Chapter.objects.get(organisation=self.organisation, pk=pk)  # the choices contain only these

    def clean(self):
        cleaned = super().clean()
        if "parent" in cleaned:
            error = placement_error(self.instance, cleaned["parent"], parent_map(self.organisation))
            if error:
                self.add_error("parent", error)
        return cleaned


class _RevisionFields(forms.Form):
    """Title, text and file of a revision; at least text or a file."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    content = forms.CharField(
        label=_("Inhalt"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Absätze durch eine Leerzeile trennen."),
    )
    upload = UploadField(label=_("Datei"), required=False)
    change_note = forms.CharField(label=_("Was wurde geändert?"), max_length=300, required=False)

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def has_file_after_save(self, cleaned) -> bool:
        return bool(cleaned.get("upload"))

    def clean(self):
        cleaned = super().clean()
        empty = not (cleaned.get("content") or "").strip()
        if "upload" not in self.errors and empty and not self.has_file_after_save(cleaned):
            self.add_error(None, _("Bitte schreiben Sie einen Inhalt oder laden Sie eine Datei hoch."))
        return cleaned


class DocumentCreateForm(_RevisionFields):
    chapter = forms.TypedChoiceField(label=_("Kapitel"), coerce=int)
    kind = forms.ChoiceField(label=_("Art"), choices=Document.Kind.choices)
    owner = forms.ModelChoiceField(
        label=_("verantwortlich"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Person aus Ihrer Organisation.")},
    )
    position = forms.IntegerField(label=_("Position im Kapitel"), min_value=1, max_value=999, initial=1)

    field_order = ["title", "chapter", "kind", "owner", "position", "content", "upload", "change_note"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["chapter"].choices = chapter_choices(organisation)
        self.fields["owner"].queryset = members_of(organisation)
        self.fields["change_note"].initial = _("Erstfassung")

    def clean_chapter(self) -> Chapter:
        return Chapter.objects.get(organisation=self.organisation, pk=self.cleaned_data["chapter"])


class DocumentForm(VersionedFormMixin, forms.ModelForm):
    """Where the document sits and who owns it; its text changes only through revisions."""

    chapter = forms.TypedChoiceField(label=_("Kapitel"), coerce=int)

    class Meta:
        model = Document
        fields = ["chapter", "kind", "owner", "position"]
        error_messages = {
            "owner": {"invalid_choice": _("Bitte wählen Sie eine Person aus Ihrer Organisation.")}
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["chapter"].choices = chapter_choices(organisation)
        self.initial["chapter"] = self.instance.chapter_id
        self.fields["owner"].queryset = members_of(organisation)

    def clean_chapter(self) -> Chapter:
        return Chapter.objects.get(organisation=self.organisation, pk=self.cleaned_data["chapter"])


class RevisionForm(VersionedFormMixin, _RevisionFields):
    remove_file = forms.BooleanField(label=_("Gespeicherte Datei entfernen"), required=False)

    def __init__(self, *args, revision, **kwargs):
        initial = {
            "title": revision.title,
            "content": revision.content,
            "change_note": revision.change_note,
        }
        super().__init__(*args, initial=initial, record=revision, **kwargs)
        self.revision = revision
        if revision.file:
            # format_html escapes the stored file name (a user value).
            self.fields["upload"].help_text = format_html(
                gettext("Gespeichert ist „{name}“. Eine neue Datei ersetzt sie. {help}"),
                name=revision.file_name,
                help=self.fields["upload"].help_text,
            )
        else:
            del self.fields["remove_file"]
        if revision.number > 1:
            self.fields["change_note"].required = True
            self.fields["change_note"].error_messages["required"] = _(
                "Bitte beschreiben Sie kurz, was sich gegenüber der vorigen Revision ändert."
            )

    def has_file_after_save(self, cleaned) -> bool:
        return bool(cleaned.get("upload")) or bool(self.revision.file and not cleaned.get("remove_file"))


class KeyProcessForm(VersionedFormMixin, forms.ModelForm):
    requirements = RequirementsField(label=_("Anforderungen, die der Prozess bedient"))

    class Meta:
        model = KeyProcess
        fields = ["name", "goal", "owners", "document", "shown_in_full", "position", "requirements"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3}), "owners": forms.CheckboxSelectMultiple()}
        error_messages = {
            "owners": {
                "required": _("Bitte legen Sie mindestens eine verantwortliche Person fest (QB3)."),
                "invalid_choice": _("Bitte wählen Sie Personen aus Ihrer Organisation."),
            },
            "document": {"invalid_choice": _("Bitte wählen Sie ein Dokument aus Ihrem Handbuch.")},
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["owners"].queryset = members_of(organisation)
        self.fields["document"].queryset = Document.objects.filter(organisation=organisation).select_related(
            "current"
        )
        self.fields["document"].label_from_instance = lambda d: f"{d.display_id} {d.title}"
        self.fields["document"].help_text = _("Am besten ein Handbuchdokument der Art „Prozess“.")
        linked = self.instance.requirements.all() if self.instance.pk else []
        self.fields["requirements"].queryset = requirements(organisation, include=linked)

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()


class StepForm(forms.ModelForm):
    class Meta:
        model = ProcessStep
        fields = ["position", "text", "responsible_role"]
        widgets = {"position": forms.NumberInput(attrs={"min": 1, "max": 999})}


class InterfaceForm(forms.ModelForm):
    class Meta:
        model = ProcessInterface
        fields = ["other", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"other": {"invalid_choice": _("Bitte wählen Sie einen anderen Schlüsselprozess.")}}

    def __init__(self, *args, organisation: Organisation, process: KeyProcess, **kwargs):
        super().__init__(*args, **kwargs)
        others = KeyProcess.objects.filter(organisation=organisation)
        if process.pk:
            others = others.exclude(pk=process.pk)
        self.fields["other"].queryset = others
        self.fields["description"].required = True


class _Steps(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("Bitte beschreiben Sie mindestens einen Prozessschritt."))


class _Interfaces(forms.BaseInlineFormSet):
    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "organisation": self.organisation, "process": self.instance}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            other = form.cleaned_data.get("other")
            if other in seen:
                form.add_error("other", _("Zu diesem Prozess ist bereits eine Schnittstelle beschrieben."))
            seen.add(other)


StepFormSet = forms.inlineformset_factory(
    KeyProcess, ProcessStep, form=StepForm, formset=_Steps, extra=3, can_delete=True, max_num=60
)
InterfaceFormSet = forms.inlineformset_factory(
    KeyProcess,
    ProcessInterface,
    form=InterfaceForm,
    formset=_Interfaces,
    fk_name="process",
    extra=2,
    can_delete=True,
    max_num=30,
)
