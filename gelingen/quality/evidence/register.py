"""Rules of the evidence register: identifiers, the evidence of a cycle's requirements, lookups.

Other features use these functions rather than querying the models themselves:
- `evidence_for_cycle(cycle)`: all evidence linked to the cycle's requirements, sorted by identifier.
  This is NOT the appendix of the Selbstreport: that lists only the evidence cited in its texts
  (see `gelingen.selfreport.sources`).
- `evidence_by_requirement(org, model_id=...)`: all evidence per requirement.
- `evidence_summary(org, model_id=...)`: the first few per requirement with a count (the self-assessment).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import Requirement
from gelingen.core.links import pk_url
from gelingen.core.uploads import CheckedUpload, delete_stored
from gelingen.quality.models import Cycle

from .models import Evidence, EvidenceCounter


def format_identifier(area_number: int, sequence: int) -> str:
    """`QB3-07`: area number and a sequence of at least two digits."""
    return f"QB{area_number}-{sequence:02d}"


def identifier_sort_key(identifier: str) -> tuple[int, int]:
    """Natural order for identifiers given as text: QB2-9 < QB2-10 < QB10-1."""
    try:
        area, sequence = identifier.upper().removeprefix("QB").split("-", 1)
        return int(area), int(sequence)
    except ValueError:
        return (10**6, 10**6)


def assign_identifier(evidence: Evidence) -> None:
    """Take the next number of the evidence's organisation and area.

    The counter row is locked (select_for_update) inside the caller's transaction, so two people saving
    at the same moment get different numbers; numbers of deleted evidence stay used.
    """
    with transaction.atomic():
        counter, _ = EvidenceCounter.objects.select_for_update().get_or_create(
            organisation_id=evidence.organisation_id, area_number=evidence.area_number
        )
        counter.last += 1
        counter.save(update_fields=["last"])
    evidence.sequence = counter.last
    evidence.identifier = format_identifier(evidence.area_number, counter.last)


def save_evidence(
    evidence: Evidence,
    user: User,
    requirements=None,
    upload=None,
    checked: CheckedUpload | None = None,
    remove_file: bool = False,
) -> Evidence:
    """Create or update an evidence item: identifier on creation, file replaced or removed, links set.

    A replaced or removed file is deleted from the storage only once the transaction has committed.
    """
    old_file = evidence.file.name if evidence.file and (upload or remove_file) else ""
    try:
        with transaction.atomic():
            if evidence.pk is None:
                evidence.created_by = user
                assign_identifier(evidence)
            if upload is not None and checked is not None:
                evidence.file.save(f"upload.{checked.file_type.extension}", upload, save=False)
                evidence.file_name = checked.original_name
                evidence.file_size = checked.size
            elif remove_file:
                evidence.file = ""
                evidence.file_name = ""
                evidence.file_size = None
            evidence.updated_by = user
            evidence.save()
            if requirements is not None:
                evidence.requirements.set(requirements)
            if old_file:
                storage = evidence.file.storage
                transaction.on_commit(lambda: storage.delete(old_file))
    except Exception:
        if upload is not None and evidence.file and evidence.file.name != old_file:
            delete_stored(evidence.file)  # the row was not saved: do not keep an orphan file
        raise
    return evidence


def delete_evidence(evidence: Evidence) -> None:
    """Delete the row and its file; the identifier stays retired because the counter keeps it."""
    field_file = evidence.file
    storage, name = field_file.storage, field_file.name
    with transaction.atomic():
        evidence.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def _cycle_requirements(cycle: Cycle):
    return Requirement.objects.filter(area__in=cycle.areas())


def _linked_to_cycle(cycle: Cycle) -> QuerySet[Evidence]:
    links = Evidence.requirements.through.objects.filter(requirement__in=_cycle_requirements(cycle))
    return Evidence.objects.filter(organisation_id=cycle.organisation_id, pk__in=links.values("evidence_id"))


def count_for_cycle(cycle: Cycle) -> int:
    """How many rows `evidence_for_cycle` has, in one query."""
    return _linked_to_cycle(cycle).count()


def evidence_for_cycle(cycle: Cycle) -> list[Evidence]:
    """The organisation's evidence linked to requirements of the cycle's areas, sorted by identifier.

    `e.requirements.all()` holds only the cycle's requirements (in catalogue order). Evidence that is
    linked but never cited is listed too, so this is not the Selbstreport's appendix (which lists the
    cited evidence). Three queries however long it is.
    """
    return list(
        _linked_to_cycle(cycle)
        .order_by("area_number", "sequence")
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=Requirement.objects.filter(area__in=cycle.areas())
                .select_related("area")
                .order_by("area__number", "position"),
            )
        )
    )


def evidence_by_requirement(
    organisation: Organisation, *, model_id: int | None = None, requirement_ids=None
) -> dict[int, list[Evidence]]:
    """requirement id -> the organisation's evidence for it (identifier and title only), in one query."""
    links = Evidence.requirements.through.objects.filter(evidence__organisation=organisation)
    if model_id is not None:
        links = links.filter(requirement__model_id=model_id)
    if requirement_ids is not None:
        links = links.filter(requirement_id__in=list(requirement_ids))
    links = (
        links.select_related("evidence")
        .only("requirement_id", "evidence__id", "evidence__identifier", "evidence__title")
        .order_by("evidence__area_number", "evidence__sequence")
    )
    result: dict[int, list[Evidence]] = defaultdict(list)
    for link in links:
        result[link.requirement_id].append(link.evidence)
    return dict(result)


SHOWN_PER_REQUIREMENT = 3  # evidence listed in a self-assessment row; the rest via the register


@dataclass(frozen=True)
class EvidenceLink:
    pk: int
    identifier: str
    title: str
    url: str


@dataclass(frozen=True)
class RequirementEvidence:
    """The first few evidence items of one requirement, how many there are, and where to see all."""

    items: list[EvidenceLink]
    count: int
    list_url: str  # the register filtered by this requirement

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def evidence_summary(
    organisation: Organisation,
    *,
    model_id: int | None = None,
    requirement_ids=None,
    shown: int = SHOWN_PER_REQUIREMENT,
) -> dict[int, RequirementEvidence]:
    """requirement id -> its first `shown` evidence items (by identifier) and their count, in two
    queries whatever the number of links: the limit per requirement is a window function in SQL."""
    links = Evidence.requirements.through.objects.filter(evidence__organisation=organisation)
    if model_id is not None:
        links = links.filter(requirement__model_id=model_id)
    if requirement_ids is not None:
        links = links.filter(requirement_id__in=list(requirement_ids))
    counts = dict(
        links.order_by().values("requirement_id").annotate(n=Count("pk")).values_list("requirement_id", "n")  # type: ignore[misc]  # stubs miss annotations on through models
    )
    if not counts:
        return {}
    first = (
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("requirement_id")],
                order_by=[F("evidence__area_number").asc(), F("evidence__sequence").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=shown)  # type: ignore[misc]  # stubs miss annotations on through models
        .order_by("requirement_id", "rank")
        .values_list("requirement_id", "evidence_id", "evidence__identifier", "evidence__title")
    )
    detail = pk_url("evidence:detail", organisation.slug)
    register = reverse("evidence:list", args=[organisation.slug])
    items: dict[int, list[EvidenceLink]] = defaultdict(list)
    for requirement_id, pk, identifier, title in first:
        items[requirement_id].append(EvidenceLink(pk, identifier, title, detail.for_pk(pk)))
    return {
        requirement_id: RequirementEvidence(
            items[requirement_id], count, f"{register}?requirement={requirement_id}"
        )
        for requirement_id, count in counts.items()
    }


def annotate_assessment_rows(organisation: Organisation, rows, model_id: int | None = None) -> None:
    """`row.evidence` (a RequirementEvidence or None) and `row.evidence_add_url` for the
    self-assessment (see quality.extensions): two queries for all rows, no reverse() per row."""
    if model_id is not None:
        summary = evidence_summary(organisation, model_id=model_id)
    else:
        summary = evidence_summary(organisation, requirement_ids={row.requirement_id for row in rows})
    create = reverse("evidence:create", args=[organisation.slug])
    for row in rows:
        row.evidence = summary.get(row.requirement_id)
        row.evidence_add_url = f"{create}?requirement={row.requirement_id}"
