"""Creating a Selbstreport with its mandatory chapters, and carrying a submitted one forward."""

from __future__ import annotations

from django.db import transaction

from gelingen.accounts.models import User
from gelingen.catalogue.models import Requirement
from gelingen.quality.models import Cycle

from . import sources
from .models import Chapter, GoalReport, SelfReport, Submission
from .structure import PART1, PART2, QB12A, QB12B


def _area_specs(cycle: Cycle) -> list[tuple[str, str, object, int]]:
    """(key, title, area, position) for part 3; QB12 splits into 12a/12b at re-testing."""
    specs = []
    for area in cycle.areas().order_by("number"):
        title = f"{area.code} {area.name}"
        if area.number == 12 and cycle.kind == Cycle.Kind.RETEST:
            specs.append((QB12A.key, f"{area.code}a {area.name}: {QB12A.title}", area, area.number * 10))
            specs.append((QB12B.key, f"{area.code}b {area.name}: {QB12B.title}", area, area.number * 10 + 1))
        else:
            specs.append((f"qb{area.number}", title, area, area.number * 10))
    return specs


@transaction.atomic
def sync_chapters(report: SelfReport) -> int:
    """Add the chapters the structure requires and the report lacks (e.g. a newly chosen optional area)."""
    have = set(report.chapters.values_list("key", flat=True))
    new = []
    for part, specs in ((1, PART1), (2, PART2)):
        for i, spec in enumerate(specs):
            if spec.key not in have:
                new.append(
                    Chapter(
                        report=report,
                        part=part,
                        key=spec.key,
                        title=str(spec.title),
                        position=i,
                        optional=spec.optional,
                    )
                )
    for key, title, area, position in _area_specs(report.cycle):
        if key not in have:
            new.append(Chapter(report=report, part=3, key=key, title=title, area=area, position=position))
    Chapter.objects.bulk_create(new)
    return len(new)


def previous_submission(cycle: Cycle) -> Submission | None:
    """The latest snapshot submitted for an earlier cycle of the same organisation."""
    return (
        Submission.objects.filter(
            report__cycle__organisation=cycle.organisation, report__cycle__start_date__lt=cycle.start_date
        )
        .exclude(report__cycle=cycle)
        .order_by("-report__cycle__start_date", "-number")
        .first()
    )


@transaction.atomic
def create_report(cycle: Cycle, user: User | None) -> SelfReport:
    """A new report; at re-testing it starts as an updated edition of the last submitted one."""
    report, created = SelfReport.objects.get_or_create(cycle=cycle, defaults={"created_by": user})
    if not created:
        return report
    sync_chapters(report)
    previous = previous_submission(cycle) if cycle.kind == Cycle.Kind.RETEST else None
    if previous:
        report.based_on = previous
        report.org_chart_alt = previous.content.get("org_chart_alt", "")
        report.save(update_fields=["based_on", "org_chart_alt"])
        carry_forward(report, previous)
    for qb12a in report.chapters.filter(key="qb12a"):
        sync_goal_reports(qb12a)
    return report


def carry_forward(report: SelfReport, previous: Submission) -> None:
    """Copy texts chapter by chapter; the old QB12 becomes the starting point of 12b."""
    old = {c["key"]: c for c in previous.content.get("chapters", [])}
    if "qb12" in old and "qb12b" not in old:
        old["qb12b"] = old["qb12"]
    for chapter in report.chapters.all():
        source = old.get(chapter.key)
        if not source:
            continue
        for field in chapter.text_fields:
            setattr(chapter, field, source.get("texts", {}).get(field, ""))
        chapter.save()
    qb12a = report.chapters.filter(key="qb12a").first()
    if qb12a and not sync_goal_reports(qb12a):  # no agreement known: start from the earlier proposals
        for i, goal in enumerate(previous.content.get("strategic_goals", [])):
            GoalReport.objects.create(chapter=qb12a, goal=goal, position=i)  # outcome still to assess


@transaction.atomic
def sync_goal_reports(qb12a: Chapter) -> bool:
    """Make 12a report on exactly the agreed goals of the last Testat, when the testing app knows them.

    A report on each agreed goal is added (outcome still open) and reports on anything else (the earlier
    proposals, goals typed in by hand) are removed; what was already written on an agreed goal stays.
    False when no agreement is known: then 12a is edited freely as before."""
    goals = sources.agreed_goals(qb12a.report.cycle)
    if goals is None:
        return False
    have = {g.agreed_key: g for g in qb12a.goal_reports.all()}
    keys = {g.key for g in goals}
    GoalReport.objects.filter(chapter=qb12a).exclude(agreed_key__in=keys).delete()
    for i, goal in enumerate(goals):
        indicators = "\n".join(goal.indicators)
        row = have.get(goal.key)
        if row is None:
            GoalReport.objects.create(
                chapter=qb12a, agreed_key=goal.key, goal=goal.title[:300], indicators=indicators, position=i
            )
        elif (row.goal, row.indicators, row.position) != (goal.title[:300], indicators, i):
            row.goal, row.indicators, row.position = goal.title[:300], indicators, i
            row.save(update_fields=["goal", "indicators", "position"])
    return True


def requirement_coverage(report: SelfReport) -> list[tuple[Requirement, list[Chapter]]]:
    """Every requirement of the cycle with the chapters that address it (an empty list: not yet covered)."""
    chapters = list(report.chapters.prefetch_related("requirements"))
    by_requirement: dict[int, list[Chapter]] = {}
    for chapter in chapters:
        chapter.report = report
        for requirement in chapter.requirements.all():
            by_requirement.setdefault(requirement.pk, []).append(chapter)
    requirements = Requirement.objects.filter(area__in=report.cycle.areas()).select_related("area")
    return [(r, by_requirement.get(r.pk, [])) for r in requirements.order_by("area__number", "position")]
