"""Changing an assessment row and keeping its history."""

from __future__ import annotations

from django.db import transaction

from gelingen.accounts.models import User

from .models import Assessment, AssessmentChange


def _stored(value) -> str:
    """History keeps language-neutral text: status codes, ISO dates, names."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@transaction.atomic
def update_assessment(assessment: Assessment, user: User, **values) -> list[AssessmentChange]:
    """Apply new values; store one history entry per field that really changed."""
    before = {f: getattr(assessment, f) for f in values}
    for f, value in values.items():
        setattr(assessment, f, value)
    changes = [
        AssessmentChange(
            assessment=assessment,
            field=f,
            old_value=_stored(before[f]),
            new_value=_stored(getattr(assessment, f)),
            changed_by=user,
        )
        for f in values
        if before[f] != getattr(assessment, f)
    ]
    if changes:
        assessment.updated_by = user
        assessment.save()
        AssessmentChange.objects.bulk_create(changes)
    return changes
