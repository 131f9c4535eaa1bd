"""Feedback URLs for tests/test_tenant_isolation.py (the public form has no organisation URL)."""

from django.utils import timezone

from gelingen.quality.feedback.models import Feedback
from tests.isolation import pk

ORG_URLS = {
    "feedback:list": None,
    "feedback:evaluation": None,
    "feedback:create": None,
    "feedback:export": None,
    "feedback:detail": pk("feedback"),
    "feedback:edit": pk("feedback"),
    "feedback:delete": pk("feedback"),
}


def populate(world, side, org, people):
    entry = Feedback.objects.create(
        organisation=org,
        kind=Feedback.Kind.COMPLAINT,
        received_on=timezone.localdate(),
        text=f"Beschwerde an {org.name}",
        contact="geheim@example.org",
    )
    setattr(world, f"{side}_feedback", entry)
