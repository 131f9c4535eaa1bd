"""The testing body's work list with 5,000 procedures: `python -m bench.bench_testing`.

Standalone (own SQLite file var/bench-testing.sqlite3 unless DATABASE_URL is set): one testing body,
500 organisations with 10 cycles each and one procedure per cycle in every status, then the officer's
list (first page, a filter, a late page) and one record page are timed like the other benchmarks.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'var' / 'bench-testing.sqlite3'}")

from bench.harness import client_for, measure, measure_floors, report  # noqa: E402

ORGS, CYCLES_PER_ORG = 500, 10


def seed():
    from django.core.management import call_command
    from django.db import transaction

    from gelingen.accounts.models import Membership, Organisation, User
    from gelingen.accounts.roles import OFFICER
    from gelingen.catalogue.models import QualityModel
    from gelingen.quality.models import Cycle
    from gelingen.testing import timeline
    from gelingen.testing.models import Procedure

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
    body, _created = Organisation.objects.get_or_create(
        slug="bench-body",
        defaults={"name": "Bench-Testierungsstelle", "kind": Organisation.Kind.TESTING_BODY},
    )
    Membership.objects.get_or_create(user=user, organisation=body, defaults={"role": OFFICER})
    if Procedure.objects.filter(testing_body=body).exists():
        return user, body
    if not QualityModel.objects.filter(code="kqs").exists():
        call_command("catalogue_import", str(BASE / "catalogues" / "kqs-3.yaml"), verbosity=0)
    model = QualityModel.objects.filter(code="kqs").first()
    statuses = list(Procedure.Status)
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            Organisation(name=f"Bench-Organisation {i:04d}", slug=f"bench-t-{i:04d}") for i in range(ORGS)
        )
        cycles = Cycle.objects.bulk_create(
            Cycle(
                organisation=org,
                model=model,
                title=f"Zyklus {n}",
                start_date=date(2020 + n % 6, 1, 1),
                target_date=date(2021 + n % 6, 1, 1),
            )
            for org in orgs
            for n in range(CYCLES_PER_ORG)
        )
        rows = []
        for i, cycle in enumerate(cycles):
            status = statuses[i % len(statuses)]
            start = date(2022, 1, 1) + timedelta(days=i % 1400)
            p = Procedure(
                organisation_id=cycle.organisation_id,
                testing_body=body,
                cycle=cycle,
                status=status,
                registered_at=datetime(start.year, start.month, start.day, tzinfo=UTC),
                confirmed_on=start + timedelta(days=10) if status != Procedure.Status.REGISTERED else None,
                submitted_on=start + timedelta(days=300) if i % 3 else None,
                state="NW",
            )
            timeline.next_fields(p)
            rows.append(p)
        Procedure.objects.bulk_create(rows, batch_size=1000)
    return user, body


def main() -> None:
    from django.urls import reverse

    from gelingen.testing.models import Procedure

    user, body = seed()
    client = client_for(user)
    url = reverse("testing:list", args=[body.slug])
    record = Procedure.objects.filter(testing_body=body).order_by("pk").first()
    assert record is not None
    n = Procedure.objects.filter(testing_body=body).count()
    results = measure_floors(client, body.slug)
    results += [
        measure(f"testing body work list ({n} procedures)", lambda: client.get(url)),
        measure("work list, filtered (status)", lambda: client.get(url + "?status=submitted")),
        measure("work list, page 40", lambda: client.get(url + "?page=40")),
        measure("procedure record", lambda: client.get(record.body_url())),
    ]
    print(report(results))


if __name__ == "__main__":
    main()
