"""What the Selbstreport takes from the organisation's quality work: Leitbild, key processes, evidence, goals.

Kept in one module so the report (and the linter) read the other apps through one narrow door.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db.models import Q
from django.urls import reverse

from gelingen.accounts.models import Organisation
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.evidence.register import identifier_sort_key
from gelingen.quality.handbook.models import KeyProcess
from gelingen.quality.ideas.models import GoalProposal
from gelingen.quality.leitbild.current import current_sections, current_version
from gelingen.quality.leitbild.models import SECTION_KEYS
from gelingen.quality.models import Cycle


@dataclass
class LeitbildText:
    version: int
    preamble: str
    sections: list[tuple[str, str]]  # (specification title, text), in specification order
    missing: list[str]  # titles of empty sections


@dataclass
class ProcessText:
    title: str
    owners: str
    description: str
    steps: list[str]
    interfaces: list[str]


@dataclass
class EvidenceRow:
    identifier: str
    title: str
    kind: str
    location: str
    period: str

    def as_dict(self) -> dict:
        return asdict(self)


def leitbild(organisation: Organisation) -> LeitbildText | None:
    version = current_version(organisation)
    if version is None:
        return None
    texts = {s.key: s.text.strip() for s in current_sections(organisation)}
    titles = [(key, str(title)) for key, title in SECTION_KEYS]
    return LeitbildText(
        version=version.number,
        preamble=version.preamble,
        sections=[(title, texts[key]) for key, title in titles if texts.get(key)],
        missing=[title for key, title in titles if not texts.get(key)],
    )


def leitbild_texts(organisation: Organisation) -> list[str]:
    return [s.text for s in current_sections(organisation) if s.text.strip()]


def leitbild_url(organisation: Organisation) -> str:
    return reverse("leitbild:overview", args=[organisation.slug])


def key_processes_in_full(organisation: Organisation) -> list[ProcessText]:
    """The key processes marked "shown in full in the Selbstreport" (QB3 needs at least one)."""
    processes = (
        KeyProcess.objects.filter(organisation=organisation, shown_in_full=True)
        .prefetch_related("owners", "steps", "interfaces__other")
        .order_by("position", "name")
    )
    return [
        ProcessText(
            title=p.name,
            owners=", ".join(u.name for u in p.owners.all()),
            description=p.goal,
            steps=[
                f"{s.text} ({s.responsible_role})" if s.responsible_role else s.text
                for s in sorted(p.steps.all(), key=lambda s: s.position)
            ],
            interfaces=[f"{i.other.name}: {i.description}" for i in p.interfaces.all()],
        )
        for p in processes
    ]


def processes_url(organisation: Organisation) -> str:
    return reverse("handbook:process_list", args=[organisation.slug])


def evidence_rows(organisation: Organisation, identifiers: list[str]) -> list[EvidenceRow]:
    """The appendix: cited evidence from the register, sorted by identifier (QB2-9 before QB2-10)."""
    items = Evidence.objects.filter(organisation=organisation, identifier__in=identifiers).only(
        "identifier", "title", "kind", "file", "file_name", "location", "period_start", "period_end"
    )
    kinds = {value: str(label) for value, label in Evidence.Kind.choices}  # translated once, not per row
    return [
        EvidenceRow(e.identifier, e.title, kinds.get(e.kind, e.kind), e.where, e.period_display)
        for e in sorted(items, key=lambda e: identifier_sort_key(e.identifier))
    ]


def register_identifiers(organisation: Organisation) -> set[str]:
    return set(Evidence.objects.filter(organisation=organisation).values_list("identifier", flat=True))


def evidence_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """(identifier, title) for the citation autocomplete."""
    rows = Evidence.objects.filter(organisation=organisation).values_list("identifier", "title")
    return sorted(rows, key=lambda row: identifier_sort_key(row[0]))


def linked_evidence(cycle: Cycle) -> dict[str, list[str]]:
    """identifier -> codes of this cycle's requirements it is linked to (identifiers and codes only)."""
    codes = set(cycle.current_assessments().values_list("requirement__code", flat=True))
    links = (
        Evidence.requirements.through.objects.filter(
            evidence__organisation_id=cycle.organisation_id, requirement__area__in=cycle.areas()
        )
        .values_list("evidence__identifier", "requirement__code")
        .order_by("requirement__area__number", "requirement__position")
    )
    linked: dict[str, list[str]] = {}
    for identifier, code in links:
        linked.setdefault(identifier, [])
        if code in codes:
            linked[identifier].append(code)
    return {i: sorted(linked[i]) for i in sorted(linked, key=identifier_sort_key)}


def evidence_url(organisation: Organisation) -> str:
    return reverse("evidence:list", args=[organisation.slug])


@dataclass(frozen=True)
class AgreedGoal:
    """A strategic goal agreed at the last Testat, with its test indicators: a requirement of the re-testing."""

    key: str  # stable reference, e.g. "testat-goal:12"
    title: str
    indicators: list[str]


AgreedGoalsProvider = Callable[[Cycle], "list[AgreedGoal] | None"]
_agreed_goal_providers: list[AgreedGoalsProvider] = []


def register_agreed_goals(provider: AgreedGoalsProvider) -> None:
    """The testing app tells which goals a (re-testing) cycle must report on; None: it knows none."""
    if provider not in _agreed_goal_providers:
        _agreed_goal_providers.append(provider)


def agreed_goals(cycle: Cycle) -> list[AgreedGoal] | None:
    """The agreed goals chapter 12a reports on, or None when no agreement is known (then 12a is free)."""
    for provider in _agreed_goal_providers:
        found = provider(cycle)
        if found is not None:
            return found
    return None


def strategic_goals(cycle: Cycle) -> list[str]:
    """Goal proposals put forward in this report's QB12 (carried into 12a of the next report)."""
    proposals = GoalProposal.objects.filter(
        organisation=cycle.organisation, status=GoalProposal.Status.SELFREPORT
    )
    return [p.title for p in proposals.filter(Q(cycle=cycle) | Q(cycle__isnull=True)).order_by("pk")]
