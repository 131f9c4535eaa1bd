"""Business rules: audit interval, area defaults, recording occurrences, standard activities."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gelingen.quality.activities.models import Activity, CalendarFeed, Occurrence, hash_token
from gelingen.quality.activities.recording import check_done_on, record_occurrence
from gelingen.quality.activities.standard import STANDARD, create_standard_activities

pytestmark = pytest.mark.django_db


def make_activity(org, **kwargs) -> Activity:
    defaults = {
        "type": Activity.Type.EVALUATION,
        "title": "Befragung",
        "interval_count": 6,
        "interval_unit": "months",
        "next_due": date(2026, 1, 31),
    }
    return Activity.objects.create(organisation=org, **{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("count", "unit", "ok"),
    [
        (48, "months", True),
        (4, "years", True),
        (49, "months", False),
        (5, "years", False),
        (209, "weeks", False),
    ],
)
def test_internal_audit_at_least_every_four_years(org_a, count, unit, ok):
    activity = Activity(
        organisation=org_a,
        type=Activity.Type.INTERNAL_AUDIT,
        title="Audit",
        interval_count=count,
        interval_unit=unit,
        next_due=date(2026, 5, 1),
    )
    if ok:
        activity.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            activity.full_clean()
        assert "mindestens alle 4 Jahre (48 Monate)" in exc.value.message_dict["interval_count"][0]


def test_other_types_may_have_long_rhythms(org_a):
    Activity(
        organisation=org_a,
        type="other",
        title="Jubiläum",
        interval_count=5,
        interval_unit="years",
        next_due=date(2026, 5, 1),
    ).full_clean()


def test_vague_rhythm_note_is_refused(org_a):
    activity = Activity(
        organisation=org_a,
        type="evaluation",
        title="x",
        interval_count=1,
        interval_unit="years",
        next_due=date(2026, 5, 1),
        rhythm_note="regelmäßig",
    )
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "ohne konkretes Intervall oder Datum" in exc.value.message_dict["rhythm_note"][0]


def test_area_defaults_to_the_area_of_the_type(org_a):
    assert make_activity(org_a, type="material").area_number == 7
    assert make_activity(org_a, type="internal_audit").area_number == 10
    assert make_activity(org_a, type="other").area_number is None
    assert make_activity(org_a, type="material", area_number=3).area_number == 3


def test_recording_advances_the_due_date_from_the_done_date(org_a, qm_a):
    activity = make_activity(org_a, interval_count=1, interval_unit="months", next_due=date(2026, 1, 20))
    occurrence = record_occurrence(
        activity,
        done_on=date(2026, 1, 31),
        result="ok",
        conclusions="weiter so",
        user=qm_a,
        today=date(2026, 2, 1),
    )
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 2, 28)  # month end clipped
    assert occurrence.due_date == date(2026, 1, 20)
    assert occurrence.was_late
    assert occurrence.recorded_by == qm_a


def test_backfilled_older_occurrence_keeps_the_due_date(org_a, qm_a):
    activity = make_activity(org_a, interval_count=1, interval_unit="years")
    record_occurrence(activity, done_on=date(2025, 6, 1), result="a", conclusions="b", user=qm_a)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 6, 1)
    old = record_occurrence(activity, done_on=date(2024, 6, 1), result="a", conclusions="b", user=qm_a)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 6, 1)
    assert old.due_date is None
    # the same day as the latest counts as the latest
    record_occurrence(activity, done_on=date(2025, 6, 1), result="a", conclusions="b", user=qm_a)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 6, 1)


def test_done_date_in_the_future_is_refused_and_nothing_saved(org_a, qm_a):
    activity = make_activity(org_a)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        record_occurrence(activity, done_on=today + timedelta(days=1), result="a", conclusions="b", user=qm_a)
    assert exc.value.messages == ["Das Datum der Durchführung darf nicht in der Zukunft liegen."]
    assert not Occurrence.objects.exists()
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 1, 31)
    check_done_on(today)  # today itself is fine


def test_standard_activities_are_created_once_and_spread(org_a, qm_a):
    today = date(2026, 3, 1)
    created = create_standard_activities(org_a, qm_a, today)
    assert len(created) == len(STANDARD) == 11
    dues = sorted(a.next_due for a in created)
    assert dues[0] > today and len(set(dues)) == len(dues)
    assert dues[-1] <= today + timedelta(days=8 * 31)
    assert {a.owner for a in created} == {qm_a}
    audit = Activity.objects.get(organisation=org_a, type="internal_audit")
    audit.full_clean()  # the default rhythms pass the model rules
    for activity in created:
        Activity.objects.get(pk=activity.pk).full_clean()
    assert create_standard_activities(org_a, qm_a, today) == []
    assert Activity.objects.filter(organisation=org_a).count() == 11


def test_standard_activities_skip_existing_types_and_respect_selection(org_a, org_b, qm_a):
    make_activity(org_a, type="evaluation")
    created = create_standard_activities(org_a, qm_a, date(2026, 3, 1), only={"evaluation", "workshop"})
    assert [a.type for a in created] == ["workshop"]
    assert len(create_standard_activities(org_b, None, date(2026, 3, 1))) == 11  # other orgs are separate


def test_calendar_feed_token_is_stored_as_hash_and_renewed(qm_a):
    feed, token = CalendarFeed.issue(qm_a)
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    assert len(token) >= 40
    again, new_token = CalendarFeed.issue(qm_a, include_all=True)
    assert again.pk == feed.pk and new_token != token
    assert not CalendarFeed.objects.by_token(token).exists()
    assert CalendarFeed.objects.by_token(new_token).get().include_all
