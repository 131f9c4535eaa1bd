"""Lifecycle of Leitbild versions: start a draft, save it, publish it, or throw it away.

An organisation has at most one draft at a time. Published versions are immutable: only the draft's
text can change, so every passage a measure or a report points at stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gelingen.accounts.models import Organisation, User

from .current import current_version
from .models import SECTION_KEYS, LeitbildSection, LeitbildVersion
from .signals import leitbild_published

KEYS = [key for key, _label in SECTION_KEYS]


def draft_of(organisation: Organisation) -> LeitbildVersion | None:
    return LeitbildVersion.objects.filter(organisation=organisation, published_at__isnull=True).first()


def section_texts(version: LeitbildVersion | None) -> dict[str, str]:
    """Text per specification key; keys without a section map to ""."""
    texts = dict.fromkeys(KEYS, "")
    if version is not None:
        for section in version.sections.all():
            texts[section.key] = section.text
    return texts


@transaction.atomic
def start_draft(organisation: Organisation, user: User, copy_current: bool = True) -> LeitbildVersion:
    """The organisation's draft; a new one copies the current version (or starts blank)."""
    existing = draft_of(organisation)
    if existing is not None:
        return existing
    base = current_version(organisation) if copy_current else None
    number = (
        LeitbildVersion.objects.filter(organisation=organisation).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    try:
        with transaction.atomic():
            draft = LeitbildVersion.objects.create(
                organisation=organisation,
                number=number,
                preamble=base.preamble if base else "",
                created_by=user,
                updated_by=user,
            )
    except IntegrityError:
        # Someone else started a draft at the same moment: work on theirs.
        return draft_of(organisation)
    texts = section_texts(base)
    LeitbildSection.objects.bulk_create(LeitbildSection(version=draft, key=k, text=texts[k]) for k in KEYS)
    return draft


@transaction.atomic
def save_draft(
    draft: LeitbildVersion, user: User, preamble: str, texts: Mapping[str, str], edit_count: int
) -> LeitbildVersion:
    """Store the draft's text. `edit_count` is the counter the editor loaded; a stale one is refused."""
    locked = LeitbildVersion.objects.select_for_update().get(pk=draft.pk)
    if locked.is_published:
        raise ValidationError(_("Veröffentlichte Versionen können nicht mehr geändert werden."))
    if locked.edit_count != edit_count:
        raise ValidationError(
            _(
                "Der Entwurf wurde inzwischen von einer anderen Person gespeichert. Bitte laden Sie die "
                "Seite neu und übertragen Sie Ihre Änderungen."
            ),
            code="stale",
        )
    sections = {s.key: s for s in locked.sections.all()}
    for key in KEYS:
        text = (texts.get(key) or "").strip()
        section = sections.get(key)
        if section is None:
            LeitbildSection.objects.create(version=locked, key=key, text=text)
        elif section.text != text:
            section.text = text
            section.save(update_fields=["text"])
    locked.preamble = (preamble or "").strip()
    locked.edit_count += 1
    locked.updated_by = user
    locked.save(update_fields=["preamble", "edit_count", "updated_by", "updated_at"])
    return locked


def publish_problems(draft: LeitbildVersion) -> list[str]:
    """Why this draft cannot be published yet (empty list: it can)."""
    if draft.is_published:
        return [_("Diese Version ist bereits veröffentlicht.")]
    texts = section_texts(draft)
    if not draft.preamble.strip() and not any(t.strip() for t in texts.values()):
        return [_("Der Entwurf ist leer. Beschreiben Sie mindestens eine Spezifikation.")]
    current = current_version(draft.organisation)
    if current is not None and current.preamble == draft.preamble and section_texts(current) == texts:
        return [_("Der Entwurf unterscheidet sich nicht von der geltenden Fassung.")]
    return []


@transaction.atomic
def publish(draft: LeitbildVersion, user: User, change_note: str) -> LeitbildVersion:
    """Make the draft the current Leitbild; from now on its text is frozen.

    Sends `leitbild_published` inside this transaction (see signals.py)."""
    draft = LeitbildVersion.objects.select_for_update().get(pk=draft.pk)
    problems = publish_problems(draft)
    if not change_note.strip():
        problems.append(_("Bitte beschreiben Sie kurz, was sich geändert hat."))
    if problems:
        raise ValidationError(problems)
    draft.change_note = change_note.strip()
    draft.published_at = timezone.now()
    draft.published_by = user
    draft.save(update_fields=["change_note", "published_at", "published_by", "updated_at"])
    leitbild_published.send(sender=LeitbildVersion, version=draft)
    return draft


@transaction.atomic
def discard_draft(draft: LeitbildVersion) -> None:
    if draft.is_published:
        raise ValidationError(_("Veröffentlichte Versionen können nicht verworfen werden."))
    draft.delete()
