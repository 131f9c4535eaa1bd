"""Assigning reviewers: blockers refuse (nothing saved), second != first, the organisation's rejection
within one week, grants that end with the assignment, the timeline, due items, who sees what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gelingen.accounts.models import Grant
from gelingen.accounts.roles import READONLY
from gelingen.testing import timeline
from gelingen.testing.models import Notification, Procedure
from gelingen.testing.reviewers import assignment as rules
from gelingen.testing.reviewers.deadlines import rejection_due_items, reviewer_due_items
from gelingen.testing.reviewers.models import Assignment, ConflictOfInterest
from tests.conftest import add_member
from tests.testing.conftest import make_procedure, submit

from .factories import make_body, make_conflict, make_officer, make_profile

pytestmark = pytest.mark.django_db
S = Procedure.Status
FIRST, SECOND = Assignment.Role.FIRST, Assignment.Role.SECOND


@pytest.fixture
def body(db):
    return make_body()


@pytest.fixture
def officer(body):
    return make_officer(body)


@pytest.fixture
def anna(body, kqs):
    return make_profile(body, "anna@pruef.example", model=kqs)


@pytest.fixture
def bert(body, kqs):
    return make_profile(body, "bert@pruef.example", model=kqs)


@pytest.fixture
def submission(cycle_a, qm_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return submit(cycle_a, qm_a)


@pytest.fixture
def procedure(cycle_a, body, qm_a, leitung_a, submission):
    return make_procedure(
        cycle_a,
        body,
        qm_a,
        status=S.SUBMITTED,
        confirmed_on=date(2025, 2, 1),
        submitted_on=date(2026, 3, 2),
    )


def page_url(procedure, org):
    return reverse("testing_reviewers:procedure", args=[org.slug, procedure.pk])


def assign_url(procedure, org):
    return reverse("testing_reviewers:assign", args=[org.slug, procedure.pk])


def reject_url(procedure, org, a):
    return reverse("testing_reviewers:reject", args=[org.slug, procedure.pk, a.pk])


def test_officer_assigns_the_organisation_is_notified_and_the_reviewer_reads_the_selbstreport(
    client, procedure, officer, anna, submission, body, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    page = client.get(page_url(procedure, body)).content.decode()
    assert "Anna" in page and "zuordnen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(assign_url(procedure, body), {"profile": anna.pk, "role": FIRST})
    assert response.url == page_url(procedure, body)
    made = Assignment.objects.get()
    assert (made.reviewer, made.role, made.assigned_by, made.notified_on) == (
        anna.user,
        FIRST,
        officer,
        timezone.localdate(),
    )
    due = rules.rejection_due(made)
    assert due == timezone.localdate() + timedelta(days=7)
    assert sorted(m.to[0] for m in mail.outbox) == ["leitung@alpha.example", "qm@alpha.example"]
    assert due.strftime("%d.%m.%Y") in mail.outbox[0].body
    notes = Notification.objects.filter(procedure=procedure, organisation=procedure.organisation)
    assert notes.count() == 2 and "Anna ist als Gutachter*in zugeordnet" in notes.first().text
    grant = made.grants.get()
    assert (grant.grantee_user, grant.target, grant.permission) == (anna.user, submission, "view")
    client.force_login(anna.user)
    shared = reverse("selfreport_shared:submission", args=[submission.pk])
    assert client.get(shared).status_code == 200


def test_a_conflict_of_interest_blocks_the_assignment_with_its_reason(
    client, procedure, officer, anna, body, org_a
):
    make_conflict(anna, org_a, ConflictOfInterest.Kind.ADVISED, date(2024, 1, 1), date(2024, 6, 30))
    client.force_login(officer)
    page = client.get(page_url(procedure, body)).content.decode()
    assert "Hat Suchtberatung Alpha e.V. beraten (01.01.2024 bis 30.06.2024)" in page
    response = client.post(assign_url(procedure, body), {"profile": anna.pk, "role": FIRST})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Anna kann nicht zugeordnet werden." in html
    assert "Hat Suchtberatung Alpha e.V. beraten (01.01.2024 bis 30.06.2024)" in html
    assert not Assignment.objects.exists() and not Grant.objects.exists() and not mail.outbox


def test_an_expired_accreditation_or_full_capacity_blocks(procedure, officer, body, kqs, anna, cycle_b, qm_b):
    expired = make_profile(body, "alt@pruef.example", model=kqs, valid_until=date(2020, 1, 1))
    with pytest.raises(rules.AssignmentRefused) as refused:
        rules.assign(procedure, expired, FIRST, by=officer)
    assert refused.value.reasons == [f"Die Akkreditierung für {kqs} ist am 01.01.2020 abgelaufen."]
    full = make_profile(body, "voll@pruef.example", model=kqs, capacity=1)
    other = make_procedure(cycle_b, body, qm_b, status=S.CONFIRMED, confirmed_on=date(2025, 2, 1))
    rules.assign(other, full, FIRST, by=officer)
    with pytest.raises(rules.AssignmentRefused) as refused:
        rules.assign(procedure, full, FIRST, by=officer)
    assert "1 von höchstens 1" in refused.value.reasons[0]
    assert Assignment.objects.count() == 1


def test_the_second_reviewer_is_never_the_first(client, procedure, officer, anna, bert, body):
    rules.assign(procedure, anna, FIRST, by=officer)
    client.force_login(officer)
    response = client.post(assign_url(procedure, body), {"profile": anna.pk, "role": SECOND})
    assert response.status_code == 400
    assert "die Zweitbegutachtung übernimmt eine andere Person" in response.content.decode()
    assert Assignment.objects.count() == 1
    assert client.post(assign_url(procedure, body), {"profile": bert.pk, "role": SECOND}).status_code == 302
    assert {(a.reviewer_id, a.role) for a in Assignment.objects.all()} == {
        (anna.user_id, FIRST),
        (bert.user_id, SECOND),
    }


def test_a_role_is_taken_once_and_bad_input_is_refused(client, procedure, officer, anna, bert, body):
    rules.assign(procedure, anna, FIRST, by=officer)
    with pytest.raises(rules.AssignmentRefused, match="schon jemand zugeordnet"):
        rules.assign(procedure, bert, FIRST, by=officer)
    client.force_login(officer)
    for data in ({"profile": bert.pk, "role": "third"}, {"profile": "999", "role": SECOND}, {}):
        response = client.post(assign_url(procedure, body), data)
        assert response.status_code == 400
        assert "Bitte wählen Sie eine Person aus dem Pool und eine Rolle." in response.content.decode()
    assert Assignment.objects.count() == 1


def test_no_assignment_before_the_confirmation_or_from_another_pool(cycle_b, body, officer, qm_b, kqs):
    registered = make_procedure(cycle_b, body, qm_b)
    profile = make_profile(body, "x@pruef.example", model=kqs)
    with pytest.raises(rules.AssignmentRefused, match="erst nach der Bestätigung"):
        rules.assign(registered, profile, FIRST, by=officer)
    stranger = make_profile(make_body("sued", "Süd"), "y@sued.example", model=kqs)
    Procedure.objects.filter(pk=registered.pk).update(status=S.CONFIRMED)
    registered.refresh_from_db()
    with pytest.raises(rules.AssignmentRefused, match="nicht zum Pool"):
        rules.assign(registered, stranger, FIRST, by=officer)


# Rejection ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("days_ago", "allowed"), [(6, True), (7, True), (8, False)])
def test_the_organisation_may_reject_within_one_week_of_the_notice(
    client, procedure, officer, anna, qm_a, org_a, days_ago, allowed
):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    Assignment.objects.filter(pk=made.pk).update(notified_on=timezone.localdate() - timedelta(days=days_ago))
    client.force_login(qm_a)
    page = client.get(page_url(procedure, org_a)).content.decode()
    assert ("Ablehnen" in page) is allowed
    response = client.post(reject_url(procedure, org_a, made), {"reasons": "Hat uns 2023 beraten."})
    made.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert made.rejected_on == timezone.localdate() and made.ended_on == timezone.localdate()
        assert made.rejection_reasons == "Hat uns 2023 beraten." and made.rejected_by == qm_a
    else:
        assert response.status_code == 400
        assert "Die Frist für eine Ablehnung ist am" in response.content.decode()
        assert made.rejected_on is None and made.is_active


def test_the_rejection_window_by_the_rules(procedure, officer, anna, qm_a):
    made = rules.assign(procedure, anna, FIRST, by=officer, on=date(2026, 3, 27))  # a Friday
    assert rules.rejection_due(made) == date(2026, 4, 3)
    with pytest.raises(rules.AssignmentRefused, match=r"am 03\.04\.2026 abgelaufen"):
        rules.reject(made, by=qm_a, reasons="zu spät", on=date(2026, 4, 4))
    with pytest.raises(rules.AssignmentRefused, match="Bitte begründen"):
        rules.reject(made, by=qm_a, reasons="  ", on=date(2026, 4, 3))
    rules.reject(made, by=qm_a, reasons="befangen", on=date(2026, 4, 3))
    with pytest.raises(rules.AssignmentRefused, match="besteht nicht mehr"):
        rules.reject(made, by=qm_a, reasons="noch einmal", on=date(2026, 4, 3))


def test_rejection_ends_the_grant_keeps_the_gutachten_period_and_shows_on_the_timeline(
    client, procedure, officer, anna, bert, qm_a, submission, body
):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    before = {s.key: s.due for s in timeline.build(procedure, officer)}
    rules.reject(made, by=qm_a, reasons="Hat uns beraten.")
    assert not made.grants.get().is_active
    client.force_login(anna.user)
    assert client.get(reverse("selfreport_shared:submission", args=[submission.pk])).status_code == 404
    steps = timeline.build(procedure, officer)
    after = {s.key: s for s in steps}
    assert after["gutachten"].due == before["gutachten"] == date(2026, 5, 25)  # 12 weeks from submission
    rejection = after[f"rejection:{made.pk}"]
    assert rejection.status == timeline.DONE and "Hat uns beraten." in rejection.note
    # the rejected person cannot come back; another one takes over, with the same Gutachten period
    with pytest.raises(rules.AssignmentRefused) as refused:
        rules.assign(procedure, anna, FIRST, by=officer)
    assert "hat diese Person am" in refused.value.reasons[0]
    rules.assign(procedure, bert, FIRST, by=officer)
    assert {s.key: s.due for s in timeline.build(procedure, officer)}["gutachten"] == date(2026, 5, 25)


def test_the_rejection_is_not_shown_to_the_reviewers(procedure, officer, anna, bert, qm_a):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    rules.reject(made, by=qm_a, reasons="befangen")
    rules.assign(procedure, bert, FIRST, by=officer)
    keys = [s.key for s in timeline.build(procedure, bert.user)]
    assert not any(k.startswith("rejection:") or k == f"assignment:{made.pk}" for k in keys)
    assert timeline.build(procedure, anna.user) == []  # no longer assigned: sees nothing


# Who sees what --------------------------------------------------------------------------------------


def test_a_reviewer_sees_only_the_procedures_assigned_to_them(client, procedure, officer, anna, bert, body):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    record = reverse("testing_reviewers:my_procedure", args=[body.slug, procedure.pk])
    client.force_login(anna.user)
    mine = client.get(reverse("testing_reviewers:my_procedures", args=[body.slug]))
    assert [a.pk for a in mine.context["page"]] == [made.pk]
    assert "Gutachten: 25.05.2026" in mine.content.decode()
    page = client.get(record)
    assert page.status_code == 200 and "Gutachter*in zugeordnet: Anna" in page.content.decode()
    assert client.get(page_url(procedure, body)).status_code == 404  # the assignment page is the officer's
    client.force_login(bert.user)
    assert (
        list(client.get(reverse("testing_reviewers:my_procedures", args=[body.slug])).context["page"]) == []
    )
    assert client.get(record).status_code == 404
    rules.end(made, by=officer, on=timezone.localdate())
    client.force_login(anna.user)
    assert client.get(record).status_code == 404


def test_the_organisation_sees_the_reviewers_name_and_nothing_else(
    client, procedure, officer, anna, bert, qm_a, org_a
):
    anna.phone, anna.expertise, anna.note = "0511 999", "Jugendhilfe seit 1999", "verlässlich"
    anna.save()
    make_conflict(anna, org_a, ConflictOfInterest.Kind.OTHER, date(2000, 1, 1), date(2000, 2, 1), note="alt")
    rules.assign(procedure, anna, FIRST, by=officer)
    client.force_login(qm_a)
    html = client.get(page_url(procedure, org_a)).content.decode()
    assert "Anna" in html
    for secret in (
        "anna@pruef.example",
        "0511 999",
        "Jugendhilfe seit 1999",
        "verlässlich",
        "Bert",
        "zuordnen",
    ):
        assert secret not in html, secret
    steps = timeline.build(procedure, qm_a)
    assert any("Anna" in s.label for s in steps)
    assert not any("anna@pruef.example" in (s.label + s.note + s.person) for s in steps)


def test_permissions_on_the_assignment_actions(client, procedure, officer, anna, body, org_a, staff_a, qm_a):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    reader = add_member(body, READONLY, "lesend@pruef.example")
    client.force_login(reader)
    assert client.get(page_url(procedure, body)).status_code == 200
    assert client.post(assign_url(procedure, body), {"profile": anna.pk, "role": SECOND}).status_code == 403
    end_url = reverse("testing_reviewers:end", args=[body.slug, procedure.pk, made.pk])
    assert client.post(end_url).status_code == 403
    client.force_login(staff_a)  # reads, may not reject
    assert client.get(page_url(procedure, org_a)).status_code == 200
    assert client.post(reject_url(procedure, org_a, made), {"reasons": "x"}).status_code == 403
    client.force_login(qm_a)  # the organisation does not assign, the testing body does not reject
    assert client.post(assign_url(procedure, org_a), {"profile": anna.pk, "role": SECOND}).status_code == 404
    client.force_login(officer)
    assert client.post(reject_url(procedure, body, made), {"reasons": "x"}).status_code == 404
    other = make_officer(make_body("sued", "Süd"))
    client.force_login(other)
    assert client.get(page_url(procedure, body)).status_code == 404
    made.refresh_from_db()
    assert made.is_active and Assignment.objects.count() == 1


def test_officer_ends_an_assignment(client, procedure, officer, anna, body):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    client.force_login(officer)
    response = client.post(reverse("testing_reviewers:end", args=[body.slug, procedure.pk, made.pk]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.ended_on == timezone.localdate() and not made.grants.get().is_active


def test_a_later_submission_is_granted_to_the_active_reviewers(
    cycle_b, body, officer, qm_b, kqs, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    procedure = make_procedure(cycle_b, body, qm_b, status=S.CONFIRMED, confirmed_on=date(2025, 2, 1))
    profile = make_profile(body, "anna@pruef.example", model=kqs)
    made = rules.assign(procedure, profile, FIRST, by=officer)
    assert not made.grants.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the submission moves the procedure on
        submission = submit(cycle_b, qm_b)
    procedure.refresh_from_db()
    assert procedure.status == S.SUBMITTED
    assert [g.target for g in made.grants.all()] == [submission]


# Due items and work list ----------------------------------------------------------------------------


def test_due_items_for_the_rejection_window_and_the_reviewer(procedure, officer, anna, org_a, body):
    made = rules.assign(procedure, anna, FIRST, by=officer)
    today = timezone.localdate()
    items = list(rejection_due_items([org_a.pk], today + timedelta(days=14)))
    assert [(i.due, i.organisation_id) for i in items] == [(today + timedelta(days=7), org_a.pk)]
    assert list(rejection_due_items([org_a.pk], today + timedelta(days=6))) == []
    Assignment.objects.filter(pk=made.pk).update(notified_on=today - timedelta(days=8))
    assert list(rejection_due_items([org_a.pk], today + timedelta(days=14))) == []  # closed, not overdue
    mine = list(reviewer_due_items([body.pk], today + timedelta(days=365), owner_id=anna.user_id))
    assert [(i.due, i.owner_id) for i in mine] == [(date(2026, 5, 25), anna.user_id)]
    assert list(reviewer_due_items([body.pk], today + timedelta(days=365), owner_id=officer.pk)) == []


def test_my_procedures_is_paginated_with_bounded_queries(
    client, body, officer, kqs, qm_a, django_assert_max_num_queries
):
    from gelingen.accounts.models import Organisation
    from tests.conftest import make_cycle

    profile = make_profile(body, "viel@pruef.example", model=kqs, capacity=40)
    for n in range(30):
        org = Organisation.objects.create(name=f"Träger {n:02}", slug=f"traeger-{n:02}")
        cycle = make_cycle(org, kqs)
        p = make_procedure(cycle, body, qm_a, status=S.SUBMITTED, submitted_on=date(2026, 3, 2))
        Assignment.objects.create(procedure=p, reviewer=profile.user, notified_on=date(2026, 3, 3))
    client.force_login(profile.user)
    url = reverse("testing_reviewers:my_procedures", args=[body.slug])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["page"]) == 25
    assert len(client.get(url, {"page": 2}).context["page"]) == 5


def test_the_assignments_list_puts_procedures_missing_a_reviewer_first(
    client, procedure, officer, anna, bert, body, cycle_b, qm_b, org_a, qm_a, django_assert_max_num_queries
):
    staffed = make_procedure(cycle_b, body, qm_b, status=S.CONFIRMED, confirmed_on=date(2025, 2, 1))
    rules.assign(staffed, anna, FIRST, by=officer)
    rules.assign(staffed, bert, SECOND, by=officer)
    client.force_login(officer)
    url = reverse("testing_reviewers:assignments", args=[body.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert [p.pk for p, _first, _second in response.context["staffing"]] == [procedure.pk, staffed.pk]
    assert [p.pk for p, *_ in client.get(url, {"missing": "1"}).context["staffing"]] == [procedure.pk]
    client.force_login(anna.user)
    assert client.get(url).status_code == 404
    client.force_login(qm_a)  # the organisation finds its procedure's reviewers from its own page
    html = client.get(reverse("testing_reviewers:advice", args=[org_a.slug])).content.decode()
    assert page_url(procedure, org_a) in html
