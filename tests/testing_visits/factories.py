"""Visits as the first reviewer would have reported and recorded them, written straight to the rows.

Other tests of the state machine use `report_visit` to satisfy this app's guards (the `visit` step
needs a reported date; a decision after the visit reads its findings).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from gelingen.testing.models import Procedure
from gelingen.testing.visits.models import Finding, Visit
from gelingen.testing.visits.visit import default_agenda, gutachten_round
from tests.selfreport.factories import frozen_submission


def report_visit(procedure: Procedure, on: date, *, met: int = 0, not_met: int = 0, by=None) -> Visit:
    """The visit of the current Gutachten on `on`, with `met` and `not_met` Auflagen recorded."""
    visit = Visit.objects.create(
        procedure=procedure,
        round=max(gutachten_round(procedure), 1),
        on=on,
        place="Hauptstelle",
        agenda=default_agenda(),
        participants="A. Beispiel, Leitung",
        reported_at=datetime(on.year, on.month, on.day, 8, 0, tzinfo=UTC),
        reported_by=by,
    )
    for n in range(met + not_met):
        Finding.objects.create(
            visit=visit,
            key=f"a{n}",
            area=f"QB {n + 1}",
            requirement=f"Anforderung {n + 1}.1",
            auflage=f"Nachweis zu {n + 1}.1 zeigen",
            met=n < met,
            position=n,
        )
    return visit


def submission_with(cycle, user, number: int, content: dict, on: date, previous=None):
    """A frozen submission of the cycle with the given content (the selfreport factory's files)."""
    return frozen_submission(cycle, user, number, content, on, previous, page_count=40)
