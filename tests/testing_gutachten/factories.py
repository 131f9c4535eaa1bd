"""An approved Gutachten without going through the editor, for tests of later steps of the procedure
(the send step refuses without one). It carries no ratings, so the send step keeps the outcome it is given."""

from __future__ import annotations

from django.utils import timezone

from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.models import Gutachten
from gelingen.testing.models import Procedure


def approved_gutachten(procedure: Procedure, author) -> Gutachten:
    submission = rules.latest_submission(procedure)
    assert submission is not None, "a Gutachten needs a submission"
    latest = rules.current(procedure)
    return Gutachten.objects.create(
        procedure=procedure,
        round=latest.round + 1 if latest else 1,
        submission=submission,
        author=author,
        status=Gutachten.Status.APPROVED,
        started_at=timezone.now(),
        approved_at=timezone.now(),
    )
