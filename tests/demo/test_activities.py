from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gelingen.quality.activities.models import Activity, Occurrence

pytestmark = pytest.mark.django_db


def test_demo_seeds_activities_for_both_organisations_once():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    counts = (Activity.objects.count(), Occurrence.objects.count())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    assert (Activity.objects.count(), Occurrence.objects.count()) == counts
    today = timezone.localdate()
    for slug in ("suchtberatung-nordstadt", "jugendhilfe-am-fluss"):
        activities = Activity.objects.filter(organisation__slug=slug)
        assert activities.count() == 12  # the 11 standard ones and one of type "other"
        assert activities.filter(next_due__lt=today).count() == 1
        assert activities.filter(next_due__gte=today, next_due__lte=today + timedelta(days=14)).count() >= 2
        assert activities.filter(owner__isnull=True).count() == 0
        assert len({a.owner_id for a in activities}) >= 3
        occurrences = Occurrence.objects.filter(activity__organisation__slug=slug)
        assert occurrences.exists() and all(o.result and o.conclusions for o in occurrences)
        assert all(o.done_on < today for o in occurrences)
        for occurrence in occurrences:
            occurrence.full_clean()
        for activity in activities:
            activity.full_clean()  # demo data passes the same rules as the forms
