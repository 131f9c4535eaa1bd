"""Testat numbers: the testing body's short code, the year of issue and a sequence, e.g. "TN3-2026-0007".

The sequence is counted on one row per testing body and year with a conditional UPDATE (`last + 1`),
which the database serialises, so two Testate issued at the same moment never get the same number; the
unique constraint on `Testat.number` is the last safeguard.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F

from gelingen.accounts.models import Organisation

from .models import TestatCounter


def prefix_for(body: Organisation) -> str:
    """Initials of the body's short name (or its first three letters) plus its id: short, readable, unique."""
    parts = [p for p in re.split(r"[^a-z0-9]+", body.slug.lower()) if p]
    initials = ("".join(p[0] for p in parts[:3]) if len(parts) > 1 else "".join(parts)[:3]).upper() or "T"
    return f"{initials}{body.pk}"


def next_number(body: Organisation, year: int) -> str:
    """The next free number of `body` in `year` (call inside the transaction that stores the Testat)."""
    with transaction.atomic():
        if not TestatCounter.objects.filter(testing_body=body, year=year).exists():
            try:
                with transaction.atomic():
                    TestatCounter.objects.create(testing_body=body, year=year)
            except IntegrityError:  # created by a parallel request a moment ago
                pass
        TestatCounter.objects.filter(testing_body=body, year=year).update(last=F("last") + 1)
        last = TestatCounter.objects.filter(testing_body=body, year=year).values_list("last", flat=True).get()
    return f"{prefix_for(body)}-{year}-{last:04d}"
