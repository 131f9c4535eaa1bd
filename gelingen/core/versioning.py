"""Optimistic locking for records several people edit: nobody's save silently overwrites a newer one.

A versioned model has an integer field (`lock_version = version_field()`) that every save
through a versioned form moves on by one. The form carries the version it was loaded with in a hidden
field. Validation refuses a stale version with a conflict message that lists the values saved in
between (the person's own input stays in the form). The save itself claims the version atomically
(`UPDATE ... SET lock_version = n + 1 WHERE pk = ... AND lock_version = n`, rowcount checked) in the same
transaction as the write, so of two truly simultaneous saves exactly one wins; the other gets
EditConflict (answered by EditConflictMiddleware when the view does not handle it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")

# The mixin goes before forms.Form / forms.ModelForm; for the type checker it is a form itself.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object

CONFLICT_MESSAGE = _(
    "Jemand anderes hat diesen Eintrag gespeichert, während Sie ihn bearbeitet haben; Ihre Änderungen "
    "wurden nicht gespeichert. Ihre Eingaben stehen unten noch im Formular: prüfen Sie den inzwischen "
    "gespeicherten Stand und speichern Sie erneut, wenn Ihre Fassung gelten soll."
)


# For one-click changes (a status button): the page is shown again with the stored state.
CLICK_CONFLICT_MESSAGE = _(
    "Jemand anderes hat diesen Eintrag geändert, nachdem Sie die Seite geladen haben; Ihre Änderung "
    "wurde nicht gespeichert. Die Seite zeigt jetzt den gespeicherten Stand."
)


def version_field(verbose_name: str | Any = None) -> models.PositiveIntegerField:
    """The counter a versioned model declares (`lock_version = version_field()`)."""
    return models.PositiveIntegerField(verbose_name or _("Bearbeitungsstand"), default=0, editable=False)


class EditConflict(Exception):
    """Someone saved the record after it was loaded; nothing was written."""


def claim(instance: models.Model, expected: int, field: str = "lock_version") -> bool:
    """Move the stored version from `expected` to the next one, atomically; False when it moved already.

    Call inside the transaction that then writes the record: the row stays locked until it commits.
    """
    moved = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, **{field: expected})
        .update(**{field: expected + 1})
    )
    if moved:
        setattr(instance, field, expected + 1)
    return moved == 1


def save_claimed(
    instance: models.Model, expected: int, write: Callable[[], T], field: str = "lock_version"
) -> T:
    """Run `write` (which saves the record) only if version `expected` is still the stored one."""
    with transaction.atomic():
        if not claim(instance, expected, field):
            raise EditConflict
        return write()


def posted_version(data: Any, record: models.Model, field: str = "lock_version") -> int:
    """The version a one-click form (hidden `lock_version`) was loaded with; the stored one if it sent none."""
    raw = str(data.get(field, ""))
    return int(raw) if raw.isdigit() else getattr(record, field)


def set_and_move_version(instance: models.Model, values: dict[str, Any], field: str = "lock_version") -> None:
    """Write `values` in one UPDATE and move the version on, for one-click changes (a toggle, a status)
    that set an explicit value: an edit form loaded before then reports a conflict instead of writing
    the old value back."""
    type(instance)._base_manager.filter(pk=instance.pk).update(**values, **{field: models.F(field) + 1})
    for name, value in values.items():
        setattr(instance, name, value)
    instance.refresh_from_db(fields=[field])


def _display(field: forms.Field, value: Any) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return ", ".join(_display(field, v) for v in value) or "–"
    choices = dict(getattr(field, "choices", None) or [])
    text = choices.get(value, value)
    text = str(text)
    return text if len(text) <= 200 else text[:199] + "…"


class VersionedFormMixin(_FormBase):
    """For forms editing a versioned record: hidden `lock_version`, conflict check, atomic claim on save.

    ModelForms version their instance; other forms pass the record as `record=`. Views that save
    through their own function call `form.save_versioned(write)`.
    """

    version_field_name = "lock_version"
    conflict_lists_input = False  # True where the page shows the saved values in the fields
    conflict_message: Any = CONFLICT_MESSAGE
    # After a conflict the form carries the saved version, so saving again is a deliberate choice;
    # False where saves happen without a click (autosave): then only a reload continues.
    conflict_moves_version = True
    version_required = False

    def __init__(self, *args, record: models.Model | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.record: models.Model | None = record if record is not None else getattr(self, "instance", None)
        self.saved_values: list[tuple[str, str]] = []  # the other person's values, after a conflict
        self.fields[self.version_field_name] = forms.IntegerField(
            widget=forms.HiddenInput,
            initial=self.current_version,
            min_value=0,
            required=self.version_required,
        )

    @property
    def changed_data(self) -> list[str]:
        # The hidden version alone is no change: an empty extra form of a formset stays empty.
        return [name for name in super().changed_data if name != self.version_field_name]

    @property
    def current_version(self) -> int:
        return getattr(self.record, self.version_field_name, 0) if self.record is not None else 0

    def loaded_version(self) -> int:
        value = getattr(self, "_loaded_version", None)
        if value is None:
            value = self.cleaned_data.get(self.version_field_name)
        return self.current_version if value is None else value

    def clean(self):
        cleaned = super().clean()
        # out of cleaned_data: views pass it on to functions that only know the record's own fields
        self._loaded_version = self.cleaned_data.pop(self.version_field_name, None)
        if self.record is not None and self.record.pk and self.loaded_version() != self.current_version:
            self.report_conflict()
        return cleaned

    def report_conflict(self) -> None:
        """A conflict error listing the saved values the person's input differs from; the hidden
        version moves to the saved one, so saving again is a deliberate choice."""
        saved = self._saved_initial()
        self.saved_values = [
            (str(field.label or name), _display(field, saved.get(name)))
            for name, field in self.fields.items()
            if name != self.version_field_name
            and name in saved
            and _comparable(self.cleaned_data.get(name)) != _comparable(saved.get(name))
        ]
        self.add_error(None, self.conflict_message)
        if self.saved_values:
            listing = "; ".join(f"{label}: {value}" for label, value in self.saved_values)
            self.add_error(None, gettext("Gespeichert ist jetzt: %(values)s") % {"values": listing})
            if self.conflict_lists_input:
                own = "; ".join(
                    f"{field.label or name}: {_display(field, self.cleaned_data.get(name))}"
                    for name, field in self.fields.items()
                    if str(field.label or name) in {label for label, _value in self.saved_values}
                )
                self.add_error(
                    None, gettext("Ihre Eingabe (nicht gespeichert): %(values)s") % {"values": own}
                )
        if self.conflict_moves_version:
            data = cast(Any, self.data).copy()
            data[self.add_prefix(self.version_field_name)] = str(self._stored_version())
            self.data = data

    def _saved_initial(self) -> dict[str, Any]:
        record = self.record
        if record is None:
            return {}
        fresh = type(record)._base_manager.filter(pk=record.pk).first()
        if fresh is None:
            return {}
        values: dict[str, Any] = {}
        for name in self.fields:
            try:
                model_field = fresh._meta.get_field(name)
            except Exception:
                values[name] = self.initial.get(name)
                continue
            if not isinstance(model_field, models.Field):
                values[name] = self.initial.get(name)
            elif model_field.many_to_many:
                values[name] = list(getattr(fresh, name).all())
            elif model_field.is_relation:
                values[name] = getattr(fresh, name)
            else:
                values[name] = getattr(fresh, model_field.attname)
        return values

    def _stored_version(self) -> int:
        record = self.record
        assert record is not None
        stored = (
            type(record)._base_manager.filter(pk=record.pk).values_list(self.version_field_name, flat=True)
        )
        return stored.first() or 0

    def save_versioned(self, write: Callable[[], T]) -> T | None:
        """Run `write` if nobody saved since the form was loaded; else report the conflict, None."""
        record = self.record
        if record is None or record.pk is None:  # a new record: nobody else can have saved it
            return write()
        try:
            return save_claimed(record, self.loaded_version(), self._claiming(write), self.version_field_name)
        except EditConflict:
            self.report_conflict()
            return None

    def _claiming(self, write: Callable[[], T]) -> Callable[[], T]:
        def run() -> T:
            self._in_claim = True
            try:
                return write()
            finally:
                self._in_claim = False

        return run

    def _refuse_unclaimed(self) -> None:
        # save(commit=False) of an existing record and a later instance.save() would write without
        # moving the version (the measure form did so: every pair of edits lost one); such views
        # save through save_versioned().
        if self.record is not None and self.record.pk and not getattr(self, "_in_claim", False):
            raise RuntimeError(
                f"{type(self).__name__}.save(commit=False) of an existing record outside save_versioned()"
            )

    def save(self, commit: bool = True):
        """ModelForm save, claimed atomically (EditConflict when someone saved in between)."""
        if not commit:
            self._refuse_unclaimed()
        if not commit or self.record is None or not self.record.pk:
            return cast(Any, super()).save(commit)
        parent = cast(Any, super())
        return save_claimed(
            self.record, self.loaded_version(), lambda: parent.save(commit), self.version_field_name
        )


def fingerprint(record: models.Model, names: list[str]) -> str:
    """A short hash of the stored values of `names` (model fields; others are ignored)."""
    values = []
    fields = {f.name: f for f in record._meta.get_fields() if isinstance(f, models.Field)}
    for name in names:
        field = fields.get(name)
        if field is None:
            continue
        if field.many_to_many:
            value: Any = sorted(getattr(record, name).values_list("pk", flat=True)) if record.pk else []
        else:
            value = field.value_from_object(record)
            value = getattr(value, "name", value)  # a file: its stored name
        values.append([name, str(value)])
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


class FingerprintFormMixin(VersionedFormMixin):
    """Optimistic locking for a ModelForm whose model has no version column: the "version" is a
    fingerprint of the stored values of the form's fields (hidden `loaded_state`). A save locks the row
    and compares again, so of two simultaneous saves the second is refused (EditConflict)."""

    version_field_name = "loaded_state"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.version_field_name] = forms.CharField(
            widget=forms.HiddenInput, initial=self.current_version, required=False, max_length=64
        )

    def _state_names(self) -> list[str]:
        return [name for name in self.fields if name != self.version_field_name]

    @property
    def current_version(self) -> Any:
        # the record as this request loaded it (validation runs before the form writes into it)
        record = self.record
        return fingerprint(record, self._state_names()) if record is not None and record.pk else ""

    def loaded_version(self) -> Any:
        value = getattr(self, "_loaded_version", None)
        if value is None:
            value = self.cleaned_data.get(self.version_field_name)
        return value or self.current_version  # a post without it (a script) is not checked

    def _stored_version(self) -> Any:
        record = self.record
        assert record is not None
        fresh = type(record)._base_manager.filter(pk=record.pk).first()
        return fingerprint(fresh, self._state_names()) if fresh is not None else ""

    def _claim(self, write: Callable[[], T]) -> T:
        record = self.record
        assert record is not None
        with transaction.atomic():
            locked = type(record)._base_manager.select_for_update().get(pk=record.pk)
            loaded = getattr(self, "_loaded_version", None)  # None or "": posted without it, unchecked
            if loaded and fingerprint(locked, self._state_names()) != loaded:
                raise EditConflict
            return write()

    def save_versioned(self, write: Callable[[], T]) -> T | None:
        if self.record is None or self.record.pk is None:
            return write()
        try:
            return self._claim(self._claiming(write))
        except EditConflict:
            self.report_conflict()
            return None

    def save(self, commit: bool = True):
        parent = cast(Any, super(VersionedFormMixin, self))
        if not commit:
            self._refuse_unclaimed()
        if not commit or self.record is None or not self.record.pk:
            return parent.save(commit)
        return self._claim(lambda: parent.save(commit))


def _comparable(value: Any) -> Any:
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, list | tuple | set):
        return sorted(getattr(v, "pk", v) for v in value)
    if isinstance(value, models.Model):
        return value.pk
    return "" if value is None else value


class EditConflictMiddleware:
    """Answers an EditConflict a view did not handle itself: 409 with the conflict message (the
    browser's back button still has the person's input)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, EditConflict):
            return render(request, "core/edit_conflict.html", {"message": CONFLICT_MESSAGE}, status=409)
        return None
