"""Which of the 8 compulsory specifications a Leitbild version describes, and where QB1 stands overall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .models import SECTION_KEYS, LeitbildVersion, Participation, RevisionPlan

LABELS = dict(SECTION_KEYS)


@dataclass(frozen=True)
class Completeness:
    described: list[str]  # keys
    missing: list[str]  # keys, in specification order

    @property
    def total(self) -> int:
        return len(SECTION_KEYS)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing_labels(self) -> list[str]:
        return [str(LABELS[key]) for key in self.missing]

    @property
    def summary(self) -> str:
        if self.complete:
            return _("Alle %(total)s Spezifikationen sind beschrieben.") % {"total": self.total}
        return _("%(done)s von %(total)s Spezifikationen beschrieben; es fehlen: %(missing)s") % {
            "done": len(self.described),
            "total": self.total,
            "missing": ", ".join(self.missing_labels),
        }


def completeness(texts: dict[str, str]) -> Completeness:
    """`texts` maps specification keys to text; blank or whitespace-only text counts as missing."""
    described = [key for key, _label in SECTION_KEYS if (texts.get(key) or "").strip()]
    missing = [key for key, _label in SECTION_KEYS if key not in described]
    return Completeness(described, missing)


def version_completeness(version: LeitbildVersion) -> Completeness:
    return completeness({s.key: s.text for s in version.sections.all()})


@dataclass(frozen=True)
class Check:
    label: str
    met: bool
    detail: str


def qb1_checks(
    current: LeitbildVersion | None,
    current_completeness: Completeness | None,
    participations: int,
    plan: RevisionPlan | None,
    today: date,
) -> list[Check]:
    """What QB1 asks of the Leitbild, checked against the data kept here (a prompt, not a verdict)."""
    if current is None:
        no = _("Es ist noch keine Version veröffentlicht.")
        complete = Check(_("Alle 8 Spezifikationen beschrieben"), False, no)
        written = Check(_("Schriftlich fixiert"), False, no)
        known = Check(_("Intern bekannt gemacht und extern veröffentlicht"), False, no)
    else:
        complete = Check(
            _("Alle 8 Spezifikationen beschrieben"),
            current_completeness.complete,
            current_completeness.summary,
        )
        written = Check(
            _("Schriftlich fixiert"),
            current.is_written,
            _("Datum der schriftlichen Fassung ist eingetragen.")
            if current.is_written
            else _("Tragen Sie ein, wann die geltende Fassung schriftlich fixiert wurde."),
        )
        missing = []
        if not current.is_communicated_internally:
            missing.append(_("intern bekannt gemacht"))
        if not current.is_published_externally:
            missing.append(_("extern veröffentlicht"))
        known = Check(
            _("Intern bekannt gemacht und extern veröffentlicht"),
            not missing,
            _("Beides ist mit Datum und Weg dokumentiert.")
            if not missing
            else _("Noch nicht dokumentiert: %(what)s.") % {"what": ", ".join(missing)},
        )
    participated = Check(
        _("Mitarbeitende beteiligt"),
        participations > 0,
        _("%(n)s Einträge im Beteiligungsprotokoll.") % {"n": participations}
        if participations
        else _("Dokumentieren Sie, wer wann wie beteiligt war."),
    )
    has_plan = plan is not None and plan.responsible_id is not None and plan.next_revision_on is not None
    if has_plan and plan.next_revision_on < today:
        detail = _("Die geplante Überprüfung ist überfällig.")
    elif has_plan:
        detail = _("Verantwortung und nächster Termin sind festgelegt.")
    else:
        detail = _("Legen Sie fest, wer das Leitbild überprüft und wann.")
    revision = Check(
        _("Verantwortung für die Überprüfung festgelegt"),
        has_plan and plan.next_revision_on >= today,
        detail,
    )
    return [complete, participated, written, known, revision]


def participation_count(organisation) -> int:
    return Participation.objects.filter(organisation=organisation).count()
