"""Self-assessment, dashboard, CSV and catalogue with many organisations and a 500-requirement model."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from bench.harness import Result, client_for, measure
from gelingen.accounts.models import Membership, Organisation, User
from gelingen.catalogue import parse
from gelingen.catalogue.models import QualityModel
from gelingen.catalogue.transfer import import_catalogue
from gelingen.quality.models import Assessment, Cycle

ORGS = 300


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


@transaction.atomic
def seed() -> tuple[User, Cycle, Cycle]:
    from pathlib import Path

    from django.conf import settings

    kqs = QualityModel.objects.filter(code="kqs", version="3").first()
    if kqs is None:
        path = Path(settings.BASE_DIR) / "catalogues" / "kqs-3.yaml"
        kqs = import_catalogue(parse.load(path.read_text(encoding="utf-8")))
    big = QualityModel.objects.filter(code="bench", version="500").first() or import_catalogue(
        _synthetic(500)
    )
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
    existing = Organisation.objects.filter(slug__startswith="bench-").count()
    statuses = ["done", "practice", "missing", "open"]
    for i in range(existing, ORGS):
        org = Organisation.objects.create(name=f"Bench-Organisation {i}", slug=f"bench-{i}")
        for j in range(8):
            member, _ = User.objects.get_or_create(
                email=f"m{j}@bench-{i}.example", defaults={"name": f"Person {j}"}
            )
            Membership.objects.create(user=member, organisation=org, role="staff")
        for model in (kqs, big) if i == 0 else (kqs,):
            cycle = Cycle.objects.create(
                organisation=org,
                model=model,
                title=f"Zyklus {model}",
                start_date=date(2026, 1, 1),
                target_date=date(2027, 6, 30),
            )
            cycle.sync_assessments()
            Assessment.objects.filter(cycle=cycle).update(status=statuses[i % 4])
    org0 = Organisation.objects.get(slug="bench-0")
    Membership.objects.get_or_create(user=user, organisation=org0, defaults={"role": "qm"})
    return user, org0.cycles.get(model=kqs), org0.cycles.get(model=big)


def run() -> list[Result]:
    user, small, big = seed()
    client = client_for(user)
    slug = small.organisation.slug
    return [
        measure("dashboard", lambda: client.get(reverse("dashboard", args=[slug]))),
        measure("self-assessment KQS (71)", lambda: client.get(small.get_absolute_url())),
        measure("self-assessment 500 requirements", lambda: client.get(big.get_absolute_url()), repeat=15),
        measure("self-assessment filtered (area)", lambda: client.get(big.get_absolute_url() + "?area=3")),
        measure("CSV export 500", lambda: client.get(reverse("quality:assessment_csv", args=[slug, big.pk]))),
        measure("catalogue browser KQS", lambda: client.get(reverse("catalogue:model", args=["kqs", "3"]))),
    ]
