"""Many organisations (SCALE.orgs, ~157,000 assessments at full size) and a 500-requirement model: the
self-assessment, dashboard, CSV and catalogue of the heavy organisation bench-0."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse

from bench.harness import SCALE, Result, client_for, measure
from gelingen.accounts.models import Membership, Organisation, User
from gelingen.catalogue import parse
from gelingen.catalogue.models import QualityModel, Requirement
from gelingen.catalogue.transfer import import_catalogue
from gelingen.quality.models import Assessment, Cycle


def _synthetic(n: int) -> dict:
    per_area = n // 10
    return {
        "format": parse.FORMAT,
        "code": "bench",
        "version": str(n),
        "name": f"Bench {n}",
        "name_en": "",
        "licence_note": "",
        "licence_note_en": "",
        "areas": [
            {
                "number": a + 1,
                "name": f"Bereich {a + 1}",
                "name_en": "",
                "definition": "Definition " * 20,
                "definition_en": "",
                "optional": False,
                "specifications_assessed": False,
                "specifications": [],
                "requirements": [
                    {
                        "code": f"B{a + 1}.{i + 1}",
                        "text": "Anforderungstext " * 12,
                        "text_en": "",
                        "explanation": "Erläuterung " * 40,
                        "explanation_en": "",
                        "generic": "",
                        "evidence_examples": [{"text": "Protokoll", "text_en": ""}],
                    }
                    for i in range(per_area)
                ],
            }
            for a in range(10)
        ],
    }


def _kqs_and_big() -> tuple[QualityModel, QualityModel]:
    from pathlib import Path

    from django.conf import settings

    kqs = QualityModel.objects.filter(code="kqs", version="3").first()
    if kqs is None:
        path = Path(settings.BASE_DIR) / "catalogues" / "kqs-3.yaml"
        kqs = import_catalogue(parse.load(path.read_text(encoding="utf-8")))
    big = QualityModel.objects.filter(code="bench", version="500").first() or import_catalogue(
        _synthetic(500)
    )
    return kqs, big


def _mandatory(model: QualityModel) -> list[int]:
    return list(
        Requirement.objects.filter(model=model, area__optional=False)
        .order_by("area__number", "position")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def _seed_organisations(user: User, kqs: QualityModel, big: QualityModel) -> None:
    """SCALE.orgs organisations with members and one KQS cycle each (every tenth a second one, a
    re-testing); the bench person belongs to all of them. bulk_create throughout: minutes, not hours."""
    n, per_org = SCALE.orgs, SCALE.members
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bench-Organisation {i:04d}", slug=f"bench-{i}") for i in range(n)
    )
    users = User.objects.bulk_create(
        User(email=f"m{j}@bench-{i}.example", name=f"Person {j} ({i})", password="!")
        for i in range(n)
        for j in range(per_org)
    )
    roles = ["staff", "staff", "qm", "leitung", "readonly"]
    Membership.objects.bulk_create(
        [
            Membership(user=users[i * per_org + j], organisation=org, role=roles[j % len(roles)])
            for i, org in enumerate(orgs)
            for j in range(per_org)
        ]
        + [
            Membership(user=user, organisation=org, role="qm" if i == 0 else "staff")
            for i, org in enumerate(orgs)
        ]
    )
    cycles = [
        Cycle(
            organisation=org,
            model=kqs,
            title="Zyklus 2026",
            start_date=date(2026, 1, 1),
            target_date=date(2027, 6, 30),
        )
        for org in orgs
    ]
    cycles += [
        Cycle(
            organisation=org,
            model=kqs,
            title="Retestierung 2023",
            kind=Cycle.Kind.RETEST,
            start_date=date(2023, 1, 1),
            target_date=date(2024, 6, 30),
        )
        for i, org in enumerate(orgs)
        if i % 10 == 5
    ]
    cycles.append(
        Cycle(
            organisation=orgs[0],
            model=big,
            title="Zyklus 500",
            start_date=date(2025, 6, 1),
            target_date=date(2027, 6, 30),
        )
    )
    cycles = Cycle.objects.bulk_create(cycles)
    requirements = {kqs.pk: _mandatory(kqs), big.pk: _mandatory(big)}
    statuses = ["done", "practice", "missing", "open"]
    member_of = {org.pk: users[i * per_org : (i + 1) * per_org] for i, org in enumerate(orgs)}
    member_of[orgs[0].pk] = [user, *member_of[orgs[0].pk]]
    batch: list[Assessment] = []
    for c, cycle in enumerate(cycles):
        people = member_of[cycle.organisation_id]
        for r, requirement_id in enumerate(requirements[cycle.model_id]):
            batch.append(
                Assessment(
                    cycle=cycle,
                    requirement_id=requirement_id,
                    status=statuses[(c + r) % 4],
                    responsible=people[(c + r) % len(people)] if people and r % 3 else None,
                    due_date=date(2026, 1, 1) + timedelta(days=(c * 7 + r * 3) % 540) if r % 2 else None,
                )
            )
        if len(batch) >= 10_000:
            Assessment.objects.bulk_create(batch)
            batch = []
    Assessment.objects.bulk_create(batch)


def seed() -> tuple[User, Cycle, Cycle]:
    kqs, big = _kqs_and_big()
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
    if not Organisation.objects.filter(slug="bench-0").exists():
        _seed_organisations(user, kqs, big)
    org0 = Organisation.objects.get(slug="bench-0")
    return user, org0.cycles.get(model=kqs), org0.cycles.get(model=big)


def run() -> list[Result]:
    user, small, big = seed()
    client = client_for(user)
    slug = small.organisation.slug
    n = Organisation.objects.filter(memberships__user=user).count()
    chooser = client_for(user)  # never opened an organisation: home shows the chooser
    return [
        measure("dashboard", lambda: client.get(reverse("dashboard", args=[slug]))),
        measure("self-assessment 500 requirements", lambda: client.get(big.get_absolute_url()), repeat=15),
        measure("self-assessment filtered (area)", lambda: client.get(big.get_absolute_url() + "?area=3")),
        measure(
            "CSV export 500",
            lambda: client.get(reverse("quality:assessment_csv", args=[slug, big.pk])),
            main=False,
        ),
        measure("cycle list", lambda: client.get(reverse("quality:cycle_list", args=[slug]))),
        measure("catalogue browser KQS", lambda: client.get(reverse("catalogue:model", args=["kqs", "3"]))),
        measure(f"members ({SCALE.members + 1})", lambda: client.get(reverse("members", args=[slug]))),
        measure(f"organisation chooser ({n} organisations)", lambda: chooser.get(_chooser_url())),
        measure("chooser, search", lambda: chooser.get(_chooser_url() + "?q=0042")),
        measure("profile (header outside an organisation)", lambda: client.get(reverse("profile"))),
    ]


def _chooser_url() -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("choose_organisation")
    except NoReverseMatch:  # before the chooser had its own page: home lists the organisations
        return reverse("home")
