"""The everyday lists with a large organisation: thousands of evidence items and feedback entries,
hundreds of measures and tasks, activities, and key figures with years of values."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bench.harness import SCALE, Result, client_for, measure
from gelingen.accounts.models import Organisation, User
from gelingen.catalogue.models import Requirement
from gelingen.quality.activities.models import Activity
from gelingen.quality.evidence.models import Evidence, EvidenceCounter
from gelingen.quality.feedback.models import Feedback
from gelingen.quality.figures.models import FigureValue, KeyFigure
from gelingen.quality.figures.periods import parse_period
from gelingen.quality.measures.models import Measure, Task

EVIDENCE, FEEDBACK, MEASURES = SCALE.evidence, SCALE.feedback, SCALE.measures
TASKS_PER_MEASURE, FIGURES, MONTHS = SCALE.tasks_per_measure, SCALE.figures, SCALE.months


@transaction.atomic
def seed(org: Organisation, user: User) -> None:
    if Evidence.objects.filter(organisation=org).exists():
        return
    rng = random.Random(7)
    today = timezone.localdate()
    requirements = list(Requirement.objects.filter(model__code="kqs", area__optional=False))
    items = []
    for i in range(EVIDENCE):
        area = i % 12 + 1
        sequence = i // 12 + 1
        items.append(
            Evidence(
                organisation=org,
                area_number=area,
                sequence=sequence,
                identifier=f"QB{area}-{sequence:02d}",
                title=f"Protokoll {i}",
                location=f"Ordner QM, Register {area}",
            )
        )
    Evidence.objects.bulk_create(items)
    EvidenceCounter.objects.bulk_create(
        EvidenceCounter(organisation=org, area_number=a, last=EVIDENCE // 12 + 1) for a in range(1, 13)
    )
    links = Evidence.requirements.through
    links.objects.bulk_create(
        links(evidence_id=pk, requirement_id=requirement.pk)
        for pk in Evidence.objects.filter(organisation=org).values_list("pk", flat=True)
        for requirement in rng.sample(requirements, SCALE.links_per_evidence)
    )
    kinds = [k for k, _ in Feedback.Kind.choices]
    Feedback.objects.bulk_create(
        Feedback(
            organisation=org,
            kind=kinds[i % len(kinds)],
            received_on=today - timedelta(days=i % 400),
            text=f"Rückmeldung {i}",
        )
        for i in range(FEEDBACK)
    )
    measures = Measure.objects.bulk_create(
        Measure(organisation=org, title=f"Maßnahme {i}", goal="Ziel", owner=user) for i in range(MEASURES)
    )
    Task.objects.bulk_create(
        Task(
            measure=m,
            title=f"Aufgabe {j}",
            responsible=user,
            planned_hours=2,
            due_date=today + timedelta(days=rng.randint(-30, 60)),
        )
        for m in measures
        for j in range(TASKS_PER_MEASURE)
    )
    Activity.objects.bulk_create(
        Activity(
            organisation=org,
            type="other",
            title=f"Tätigkeit {i}",
            area_number=i % 12 + 1,
            interval_count=6,
            interval_unit="months",
            owner=user,
            next_due=today + timedelta(days=rng.randint(-20, 40)),
        )
        for i in range(60)
    )
    for i in range(FIGURES):
        figure = KeyFigure.objects.create(
            organisation=org, code=f"K{i}", name=f"Kennzahl {i}", rhythm="monthly", owner=user
        )
        start = date(today.year - 3, today.month, 1)
        values = []
        for m in range(MONTHS):
            month = date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1)
            period = parse_period("monthly", f"{month:%Y-%m}")
            values.append(
                FigureValue(
                    figure=figure,
                    period=period.key,
                    period_start=period.start,
                    value=rng.randint(10, 200),
                    entered_by=user,
                )
            )
        FigureValue.objects.bulk_create(values)


def run() -> list[Result]:
    user = User.objects.get(email="bench@example.org")
    org = Organisation.objects.get(slug="bench-0")
    seed(org, user)
    client = client_for(user)
    slug = org.slug
    cycle = org.cycles.filter(model__code="kqs").first()

    def page(name, *args, query=""):
        url = reverse(name, args=[slug, *args]) + query
        return lambda: client.get(url)

    requirement = Evidence.requirements.through.objects.filter(evidence__organisation=org).first()
    return [
        measure(f"evidence register ({EVIDENCE})", page("evidence:list")),
        measure("evidence register, search", page("evidence:list", query="?q=Protokoll+12")),
        measure(
            "evidence register, one requirement",
            page("evidence:list", query=f"?requirement={requirement.requirement_id}"),
        ),
        measure("evidence for a cycle (all linked)", page("evidence:cycle", cycle.pk), repeat=10, main=False),
        measure(f"feedback list ({FEEDBACK})", page("feedback:list")),
        measure("feedback evaluation (12 months)", page("feedback:evaluation")),
        measure(f"measures list ({MEASURES} × {TASKS_PER_MEASURE} tasks)", page("measures:list")),
        measure("activities list", page("activities:list")),
        measure("due list (all providers)", page("activities:due")),
        measure(f"key figures ({FIGURES} × {MONTHS} months)", page("figures:list")),
        measure("key figure report", page("figures:report")),
        measure("ideas", page("ideas:list")),
        measure("handbook", page("handbook:index")),
        measure("Leitbild", page("leitbild:overview")),
        measure("self-assessment with evidence", lambda: client.get(cycle.get_absolute_url())),
    ]
