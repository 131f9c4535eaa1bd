"""Activities URLs for tests/test_tenant_isolation.py."""

from datetime import timedelta

from django.utils import timezone

from gelingen.quality.activities.models import Activity, Occurrence
from tests.isolation import pk

ORG_URLS = {
    "activities:list": None,
    "activities:create": None,
    "activities:standard": None,
    "activities:due": None,
    "activities:detail": pk("activity"),
    "activities:edit": pk("activity"),
    "activities:delete": pk("activity"),
    "activities:occurrence_create": pk("activity"),
    "activities:occurrence_edit": pk("activity", occurrence="occurrence"),
    "activities:occurrence_delete": pk("activity", occurrence="occurrence"),
}


def populate(world, side, org, people):
    today = timezone.localdate()
    activity = Activity.objects.create(
        organisation=org,
        type=Activity.Type.EVALUATION,
        title=f"Evaluation {side}",
        interval_count=6,
        interval_unit="months",
        owner=people["qm"],
        next_due=today + timedelta(days=5),
    )
    setattr(world, f"{side}_activity", activity)
    setattr(
        world,
        f"{side}_occurrence",
        Occurrence.objects.create(
            activity=activity,
            done_on=today - timedelta(days=180),
            result="Befragung ausgewertet.",
            conclusions="Beibehalten.",
        ),
    )
