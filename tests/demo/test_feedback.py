from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gelingen.quality.feedback.models import Feedback
from gelingen.quality.feedback.rules import handling_errors, overdue_complaints

pytestmark = pytest.mark.django_db


def test_demo_feedback_is_realistic_and_idempotent():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    today = timezone.localdate()
    for slug in ("suchtberatung-nordstadt", "jugendhilfe-am-fluss"):
        entries = Feedback.objects.filter(organisation__slug=slug)
        assert 18 <= entries.count() <= 22
        assert set(entries.values_list("kind", flat=True)) == set(Feedback.Kind.values)
        assert set(entries.values_list("status", flat=True)) == set(Feedback.Status.values)
        assert overdue_complaints(entries, today).exists()
        for e in entries:  # every demo entry obeys the business rules
            assert (
                handling_errors(e.status, e.consequence, e.received_on, e.done_on, e.informed_on, today) == {}
            )
