"""Two people editing the same self-assessment row: the second save is refused with a conflict message,
the first edit is kept and the history agrees with the row (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from gelingen.core.versioning import EditConflict, claim, save_claimed
from gelingen.quality.assessment import update_assessment
from gelingen.quality.forms import AssessmentForm
from gelingen.quality.models import Assessment
from tests.conftest import add_member

pytestmark = pytest.mark.django_db


def _row(cycle) -> Assessment:
    return cycle.assessments.order_by("pk").first()


def _post(client, cycle, row, **data):
    url = reverse("quality:assessment_update", args=[cycle.organisation.slug, cycle.pk, row.pk])
    payload = {"status": "open", "note": "", "responsible": "", "due_date": "", **data}
    return client.post(url, payload, HTTP_HX_REQUEST="true")


def test_interleaved_saves_second_gets_the_conflict_and_nothing_is_lost(client, qm_a, org_a, cycle_a):
    from django.test import Client

    staff = add_member(org_a, "staff", email="b@alpha.example")
    a, b = Client(), Client()
    a.force_login(qm_a)
    b.force_login(staff)
    row = _row(cycle_a)
    page = reverse("quality:assessment", args=[org_a.slug, cycle_a.pk])
    for person in (a, b):  # both load the page: the row is at version 0
        assert f'name="lock_version" value="{row.lock_version}"' in person.get(page).content.decode()
    first = _post(a, cycle_a, row, status="done", note="Von A", lock_version=row.lock_version)
    assert first.status_code == 200 and "gespeichert" in first.content.decode()
    second = _post(b, cycle_a, row, status="missing", note="Von B", lock_version=row.lock_version)
    html = second.content.decode()
    assert "Jemand anderes hat diesen Eintrag gespeichert" in html
    assert "Gespeichert ist jetzt:" in html and "Von A" in html  # the other person's values
    assert "Ihre Eingabe (nicht gespeichert):" in html and "Von B" in html  # and the own input
    row.refresh_from_db()
    assert (row.status, row.note, row.lock_version) == ("done", "Von A", 1)
    assert f'name="lock_version" value="{row.lock_version}"' in html  # saving again is a deliberate choice
    history = list(row.changes.order_by("pk").values_list("field", "old_value", "new_value", "changed_by"))
    assert history == [("status", "open", "done", qm_a.pk), ("note", "", "Von A", qm_a.pk)]
    # B saves again on purpose, now against A's version: that works and the history continues from A
    third = _post(b, cycle_a, row, status="missing", note="Von B", lock_version=row.lock_version)
    assert "Jemand anderes" not in third.content.decode()
    row.refresh_from_db()
    assert (row.status, row.note, row.lock_version) == ("missing", "Von B", 2)
    assert list(row.changes.order_by("pk").values_list("old_value", "new_value"))[2:] == [
        ("done", "missing"),
        ("Von A", "Von B"),
    ]


def test_plain_form_conflict_is_shown_not_saved(client_qm, qm_a, cycle_a):
    row = _row(cycle_a)
    update_assessment(row, qm_a, note="zuerst")  # someone else saved in between (no version bump)
    Assessment.objects.filter(pk=row.pk).update(lock_version=3)
    url = reverse("quality:assessment_update", args=[cycle_a.organisation.slug, cycle_a.pk, row.pk])
    response = client_qm.post(url, {"status": "done", "note": "später", "lock_version": 2})
    assert response.status_code == 400
    assert "Jemand anderes hat diesen Eintrag gespeichert" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.note) == ("open", "zuerst")


def test_a_save_that_passed_validation_still_loses_against_a_newer_one(qm_a, org_a, cycle_a):
    """Both forms validated while the row was at version 0; the atomic claim lets only one write."""
    row_a, row_b = _row(cycle_a), _row(cycle_a)
    data = {"status": "done", "note": "", "responsible": "", "due_date": "", "lock_version": "0"}
    form_a = AssessmentForm({**data, "note": "A"}, organisation=org_a, record=row_a)
    form_b = AssessmentForm({**data, "note": "B"}, organisation=org_a, record=row_b)
    assert form_a.is_valid() and form_b.is_valid()
    values_a = dict(form_a.cleaned_data)
    values_b = dict(form_b.cleaned_data)
    assert form_a.save_versioned(lambda: update_assessment(row_a, qm_a, **values_a))
    assert form_b.save_versioned(lambda: update_assessment(row_b, qm_a, **values_b)) is None
    assert "Jemand anderes" in str(form_b.non_field_errors())
    stored = Assessment.objects.get(pk=row_a.pk)
    assert (stored.note, stored.lock_version) == ("A", 1)
    assert list(stored.changes.values_list("new_value", flat=True).order_by("pk")) == ["done", "A"]


def test_claim_moves_the_version_once(cycle_a):
    row = _row(cycle_a)
    assert claim(row, 0) is True and row.lock_version == 1
    assert claim(row, 0) is False
    with pytest.raises(EditConflict):
        save_claimed(row, 0, lambda: None)
    assert Assessment.objects.get(pk=row.pk).lock_version == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_on_postgresql_only_one_wins(qm_a, cycle_a):
    """Real concurrency needs separate connections to one database (PostgreSQL in the test run)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory cannot be shared between connections; the claim test covers it")
    row_pk = _row(cycle_a).pk
    barrier = threading.Barrier(2)
    results: list[str] = []

    def save(note: str) -> None:
        from django.db import connection as conn

        row = Assessment.objects.get(pk=row_pk)
        barrier.wait()
        try:
            save_claimed(row, 0, lambda: update_assessment(row, qm_a, note=note))
            results.append(note)
        except EditConflict:
            results.append("conflict")
        finally:
            conn.close()

    for _round in range(5):
        Assessment.objects.filter(pk=row_pk).update(lock_version=0, note="")
        results.clear()
        threads = [threading.Thread(target=save, args=(n,)) for n in ("A", "B")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results).count("conflict") == 1
        winner = next(r for r in results if r != "conflict")
        assert Assessment.objects.get(pk=row_pk).note == winner
