"""Business rules: audit interval, area defaults, recording occurrences, standard activities."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from gelingen.quality.activities.models import Activity, CalendarFeed, Occurrence, hash_token
from gelingen.quality.activities.recording import (
    check_done_on,
    delete_occurrence,
    next_due_after_deleting,
    record_occurrence,
    update_occurrence,
)
from gelingen.quality.activities.standard import SPREAD_DAYS, STANDARD, create_standard_activities

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


# --- correcting and deleting occurrences ------------------------------------------------------------


def _recorded(org, user, *days: date, **kwargs) -> tuple[Activity, list[Occurrence]]:
    """A monthly activity due on 10 Jan 2026 with occurrences recorded in this order."""
    activity = make_activity(
        org, interval_count=1, interval_unit="months", next_due=date(2026, 1, 10), **kwargs
    )
    rows = [
        record_occurrence(
            activity, done_on=day, result="r", conclusions="c", user=user, today=date(2026, 6, 1)
        )
        for day in days
    ]
    activity.refresh_from_db()
    return activity, rows


def _edit(occurrence, done_on, **texts):
    return update_occurrence(
        occurrence,
        done_on=done_on,
        result=texts.get("result", "r"),
        conclusions="c",
        today=date(2026, 6, 1),
    )


def test_changing_the_date_of_the_latest_occurrence_recomputes_the_next_due_date(org_a, qm_a):
    activity, [_first, latest] = _recorded(org_a, qm_a, date(2026, 1, 12), date(2026, 2, 20))
    assert activity.next_due == date(2026, 3, 20) and latest.due_date == date(2026, 2, 12)
    _edit(latest, date(2026, 2, 2))
    activity.refresh_from_db()
    latest.refresh_from_db()
    assert activity.next_due == date(2026, 3, 2)
    assert latest.due_date == date(2026, 2, 12)  # what it answered does not change
    assert latest.done_on == date(2026, 2, 2) and not latest.was_late


def test_editing_only_the_texts_keeps_the_schedule(org_a, qm_a):
    activity, [latest] = _recorded(org_a, qm_a, date(2026, 1, 12))
    Activity.objects.filter(pk=activity.pk).update(next_due=date(2026, 4, 1))  # set by hand
    _edit(latest, date(2026, 1, 12), result="korrigiert")
    activity.refresh_from_db()
    latest.refresh_from_db()
    assert activity.next_due == date(2026, 4, 1) and latest.result == "korrigiert"


def test_moving_the_latest_behind_an_older_one_restores_the_schedule(org_a, qm_a):
    activity, [first, latest] = _recorded(org_a, qm_a, date(2026, 1, 12), date(2026, 2, 20))
    _edit(latest, date(2026, 1, 5))  # it really was an older performance
    activity.refresh_from_db()
    latest.refresh_from_db()
    first.refresh_from_db()
    assert activity.next_due == date(2026, 2, 12)  # due again as before it was recorded
    assert latest.due_date is None and first.due_date == date(2026, 1, 10)


def test_moving_an_older_one_past_the_latest_makes_it_the_latest(org_a, qm_a):
    activity, [first, older] = _recorded(org_a, qm_a, date(2026, 2, 20), date(2026, 1, 12))
    assert older.due_date is None and activity.next_due == date(2026, 3, 20)
    _edit(older, date(2026, 3, 25))
    activity.refresh_from_db()
    older.refresh_from_db()
    assert older.due_date == date(2026, 3, 20)  # as if it had been recorded now
    assert activity.next_due == date(2026, 4, 25)
    # moving an older one within the past leaves the schedule alone
    _edit(first, date(2026, 2, 1))
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 4, 25)


def test_deleting_the_latest_occurrence_restores_the_due_date_it_answered(org_a, qm_a):
    activity, [first, latest] = _recorded(org_a, qm_a, date(2026, 1, 12), date(2026, 2, 20))
    assert next_due_after_deleting(latest) == date(2026, 2, 12)
    assert next_due_after_deleting(first) == activity.next_due
    delete_occurrence(latest)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 2, 12) and list(activity.occurrences.all()) == [first]
    delete_occurrence(first)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 1, 10) and not activity.occurrences.exists()


def test_deleting_an_older_occurrence_keeps_the_schedule(org_a, qm_a):
    activity, [latest, older] = _recorded(org_a, qm_a, date(2026, 2, 20), date(2026, 1, 12))
    delete_occurrence(older)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 3, 20) and list(activity.occurrences.all()) == [latest]


def test_deleting_a_latest_occurrence_without_due_date_follows_the_previous_one(org_a, qm_a):
    activity = make_activity(org_a, interval_count=1, interval_unit="months", next_due=date(2026, 9, 1))
    Occurrence.objects.create(activity=activity, done_on=date(2026, 1, 12), result="r", conclusions="c")
    latest = Occurrence.objects.create(
        activity=activity, done_on=date(2026, 2, 20), result="r", conclusions="c"
    )
    delete_occurrence(latest)
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 2, 12)
    only = activity.occurrences.get()
    delete_occurrence(only)  # nothing to go by: the due date stays
    activity.refresh_from_db()
    assert activity.next_due == date(2026, 2, 12)


def test_editing_to_a_future_date_is_refused_and_nothing_changes(org_a, qm_a):
    activity, [latest] = _recorded(org_a, qm_a, date(2026, 1, 12))
    with pytest.raises(ValidationError):
        _edit(latest, date(2026, 6, 2))
    activity.refresh_from_db()
    latest.refresh_from_db()
    assert activity.next_due == date(2026, 2, 12) and latest.done_on == date(2026, 1, 12)


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


def test_standard_activities_are_stored_in_german_whatever_the_users_language(org_a, qm_a):
    with translation.override("en"):
        assert str(STANDARD[7].title) == "Collect key figures"  # the English translation exists
        created = create_standard_activities(org_a, qm_a, date(2026, 3, 1), only={"key_figures"})
    [activity] = created
    assert activity.title == "Kennzahlen erheben"
    assert activity.rhythm_note == "zum Quartalsende"
    assert activity.description.startswith("Fallzahlen, Kontakte und Wartezeiten")


def test_standard_due_dates_are_spread_by_position_among_the_created_ones(org_a, qm_a):
    today = date(2026, 3, 1)
    created = create_standard_activities(org_a, qm_a, today, only={"workshop", "internal_audit"})
    assert [(a.type, a.next_due) for a in created] == [
        ("internal_audit", today + timedelta(days=SPREAD_DAYS)),
        ("workshop", today + timedelta(days=2 * SPREAD_DAYS)),
    ]


def test_calendar_feed_token_is_stored_as_hash_and_renewed(qm_a):
    feed, token = CalendarFeed.issue(qm_a)
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    assert len(token) >= 40
    again, new_token = CalendarFeed.issue(qm_a, include_all=True)
    assert again.pk == feed.pk and new_token != token
    assert not CalendarFeed.objects.by_token(token).exists()
    assert CalendarFeed.objects.by_token(new_token).get().include_all
