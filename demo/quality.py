"""Fictitious self-assessments for the demo organisations (the cycle every other demo module works in)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import QualityModel
from gelingen.quality.assessment import update_assessment
from gelingen.quality.models import Assessment, Cycle

# Per area: how far the demo organisation has got (done, practice, missing); the rest stays open.
PROFILE = {
    1: (4, 1, 1),
    2: (1, 1, 1),
    3: (2, 2, 0),
    4: (2, 1, 1),
    5: (1, 2, 2),
    6: (1, 1, 0),
    8: (2, 1, 1),
    12: (0, 1, 1),
}
NOTES = {
    "done": "Im Ordner QM-Handbuch abgelegt und im Team besprochen.",
    "practice": "Wird so gelebt, die schriftliche Fassung fehlt noch.",
    "missing": "Auf die Agenda des nächsten Qualitätszirkels setzen.",
}


def seed_cycle(
    org: Organisation, model: QualityModel, qm: User, staff: list[User], kind: str = Cycle.Kind.FIRST
) -> Cycle:
    year = timezone.localdate().year
    cycle, created = Cycle.objects.get_or_create(
        organisation=org,
        model=model,
        start_date__gte=timezone.localdate() - timedelta(days=365),
        defaults={
            "title": f"{Cycle.Kind(kind).label} {year}/{year + 1}",
            "kind": kind,
            "start_date": timezone.localdate() - timedelta(days=120),
            "target_date": timezone.localdate() + timedelta(days=270),
            "created_by": qm,
        },
    )
    cycle.sync_assessments()
    if not created:
        return cycle
    people = [qm, *staff]
    today = timezone.localdate()
    rows = cycle.assessments.select_related("requirement__area").order_by(
        "requirement__area__number", "requirement__position"
    )
    by_area: dict[int, list[Assessment]] = {}
    for row in rows:
        by_area.setdefault(row.requirement.area.number, []).append(row)
    for number, (done, practice, missing) in PROFILE.items():
        statuses = ["done"] * done + ["practice"] * practice + ["missing"] * missing
        for i, (row, status) in enumerate(zip(by_area.get(number, []), statuses, strict=False)):
            due: date | None = None
            if status != "done":
                due = today + timedelta(days=14 * (i + 1) - 21)  # some overdue, most upcoming
            update_assessment(
                row,
                people[(number + i) % len(people)],
                status=status,
                note=NOTES[status],
                responsible=people[(number + i) % len(people)],
                due_date=due,
            )
    return cycle
