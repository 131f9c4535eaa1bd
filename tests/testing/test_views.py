"""Registration, the record page and its steps, the work lists: three parties and bad input."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.urls import reverse

from gelingen.accounts.models import Grant
from gelingen.testing import access
from gelingen.testing.models import Notification, Procedure, Transition
from tests.conftest import make_cycle
from tests.testing.conftest import make_procedure, submit

S = Procedure.Status
pytestmark = pytest.mark.django_db


def record_url(org, procedure):
    return reverse("testing:procedure", args=[org.slug, procedure.pk])


def step_url(org, procedure, key):
    return reverse("testing:step", args=[org.slug, procedure.pk, key])


def test_leitung_or_qm_registers_a_cycle(
    client, qm_a, org_a, cycle_a, body, officer, django_capture_on_commit_callbacks
):
    client.force_login(qm_a)
    url = reverse("testing:register", args=[org_a.slug])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"testing_body": body.pk, "cycle": cycle_a.pk, "kind": "first", "state": "NW"}
        )
    procedure = Procedure.objects.get()
    assert response.status_code == 302 and response.url == record_url(org_a, procedure)
    assert (procedure.organisation, procedure.testing_body, procedure.cycle) == (org_a, body, cycle_a)
    assert procedure.status == S.REGISTERED and procedure.registered_by == qm_a and procedure.state == "NW"
    assert Transition.objects.get().step == "register"
    # the officer is told: in the app and by e-mail
    assert Notification.objects.get().user == officer
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Bestätigung" in mail.outbox[0].subject


def test_registration_refuses_bad_input_in_german_and_saves_nothing(
    client, qm_a, org_a, cycle_a, cycle_b, body
):
    client.force_login(qm_a)
    url = reverse("testing:register", args=[org_a.slug])
    response = client.post(
        url, {"testing_body": body.pk, "cycle": cycle_a.pk, "kind": "retest", "state": "NW"}
    )
    assert response.status_code == 400
    assert "angestrebten Termin" in response.content.decode()
    response = client.post(
        url, {"testing_body": org_a.pk, "cycle": cycle_b.pk, "kind": "first", "state": "XX"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte eine gültige Auswahl treffen." in content
    assert not Procedure.objects.exists()


def test_a_cycle_with_a_running_procedure_cannot_be_registered_twice(client, qm_a, org_a, procedure, body):
    client.force_login(qm_a)
    url = reverse("testing:register", args=[org_a.slug])
    response = client.post(
        url, {"testing_body": body.pk, "cycle": procedure.cycle_id, "kind": "first", "state": "BY"}
    )
    assert response.status_code == 400
    assert Procedure.objects.count() == 1


def test_staff_and_readers_may_not_register(client, staff_a, reader_a, org_a, cycle_a, body):
    url = reverse("testing:register", args=[org_a.slug])
    for person in (staff_a, reader_a):
        client.force_login(person)
        assert (
            client.post(url, {"testing_body": body.pk, "cycle": cycle_a.pk, "kind": "first"}).status_code
            == 403
        )
    assert not Procedure.objects.exists()


def test_testing_bodies_do_not_register(client, officer, body):
    client.force_login(officer)
    assert client.get(reverse("testing:register", args=[body.slug])).status_code == 404


def test_officer_confirms_and_gets_a_grant_on_the_submissions(
    client, officer, body, procedure, qm_a, org_a, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(body, procedure, "confirm"), {"confirm-on": "2025-01-20"})
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == S.CONFIRMED and procedure.confirmed_on == date(2025, 1, 20)
    assert procedure.officer == officer
    assert procedure.next_due == date(2026, 2, 20)  # Selbstreport: 13 months
    assert Notification.objects.filter(user=qm_a).exists()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(procedure.cycle, qm_a)
    procedure.refresh_from_db()
    assert procedure.status == S.SUBMITTED
    grant = Grant.objects.active_for(officer, submission, "view")
    assert grant is not None and grant.grantee_user == officer and grant.grantee_organisation is None
    page = client.get(record_url(body, procedure)).content.decode()
    assert reverse("selfreport_shared:submission", args=[submission.pk]) in page
    assert client.get(reverse("selfreport_shared:submission", args=[submission.pk])).status_code == 200


def test_the_body_reviewer_gets_no_grant_and_sees_no_procedure(
    client, officer, body_reviewer, body, procedure, qm_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(officer)
        client.post(step_url(body, procedure, "confirm"), {"confirm-on": "2025-01-20"})
        submission = submit(procedure.cycle, qm_a)
    client.force_login(body_reviewer)
    assert client.get(reverse("selfreport_shared:submission", args=[submission.pk])).status_code == 404
    assert client.get(record_url(body, procedure)).status_code == 404
    assert (
        procedure.organisation.name
        not in client.get(reverse("testing:list", args=[body.slug])).content.decode()
    )


def test_decline_without_a_reason_is_refused_and_nothing_saved(client, officer, body, procedure):
    client.force_login(officer)
    response = client.post(step_url(body, procedure, "decline"), {"decline-on": "2025-01-20"})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    response = client.post(
        step_url(body, procedure, "decline"), {"decline-on": "2099-01-20", "decline-decline_reason": "x"}
    )
    assert "nicht in der Zukunft" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.status == S.REGISTERED and not Transition.objects.exists()
    response = client.post(
        step_url(body, procedure, "decline"),
        {"decline-on": "2025-01-20", "decline-decline_reason": "Keine Kapazität"},
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == S.DECLINED and procedure.decline_reason == "Keine Kapazität"


def test_out_of_order_step_is_refused_with_a_message(client, officer, body, procedure):
    client.force_login(officer)
    response = client.post(step_url(body, procedure, "certify"), {"certify-on": "2025-01-20"}, follow=True)
    assert "nicht möglich" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.status == S.REGISTERED


def test_guard_refusal_shows_the_german_message(client, officer, body, procedure, qm_a):
    client.force_login(officer)
    client.post(step_url(body, procedure, "confirm"), {"confirm-on": "2025-01-20"})
    submit(procedure.cycle, qm_a)
    response = client.post(
        step_url(body, procedure, "send_gutachten"),
        {"send_gutachten-on": "2025-11-01", "send_gutachten-outcome": "all_met"},
    )
    assert response.status_code == 400
    assert "nicht vor dem Eingang des Selbstreports" in response.content.decode()


def test_each_side_only_takes_its_own_steps(client, officer, qm_a, body, org_a, procedure):
    client.force_login(qm_a)
    assert client.post(step_url(org_a, procedure, "confirm"), {"confirm-on": "2025-01-20"}).status_code == 403
    client.force_login(officer)
    assert (
        client.post(step_url(body, procedure, "withdraw"), {"withdraw-on": "2025-01-20"}).status_code == 403
    )
    assert client.post(step_url(body, procedure, "nonsense"), {}).status_code == 404
    procedure.refresh_from_db()
    assert procedure.status == S.REGISTERED


def test_organisation_withdraws(client, qm_a, org_a, procedure):
    client.force_login(qm_a)
    response = client.post(
        step_url(org_a, procedure, "withdraw"),
        {"withdraw-on": "2025-02-01", "withdraw-withdrawal_reason": "Umzug"},
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == S.WITHDRAWN and procedure.withdrawal_reason == "Umzug"


def test_read_only_members_of_either_side_cannot_take_steps(
    client, reader_a, body_reader, org_a, body, procedure
):
    client.force_login(reader_a)
    assert client.get(record_url(org_a, procedure)).status_code == 200
    assert client.post(step_url(org_a, procedure, "withdraw"), {}).status_code == 403
    client.force_login(body_reader)
    page = client.get(record_url(body, procedure)).content.decode()
    assert "Anmeldung bestätigen" not in page
    assert client.post(step_url(body, procedure, "confirm"), {"confirm-on": "2025-01-20"}).status_code == 403


def test_three_parties_and_another_testing_body(
    client, qm_a, qm_b, officer, other_body, org_a, org_b, body, procedure
):
    from gelingen.accounts.roles import OFFICER
    from tests.conftest import add_member

    client.force_login(qm_a)
    assert client.get(record_url(org_a, procedure)).status_code == 200
    assert client.get(record_url(body, procedure)).status_code == 404  # not a member of the body
    client.force_login(officer)
    assert client.get(record_url(body, procedure)).status_code == 200
    assert client.get(record_url(org_a, procedure)).status_code == 404
    client.force_login(qm_b)
    assert client.get(record_url(org_b, procedure)).status_code == 404
    other_officer = add_member(other_body, OFFICER)
    client.force_login(other_officer)
    assert client.get(record_url(other_body, procedure)).status_code == 404
    assert org_a.name not in client.get(reverse("testing:list", args=[other_body.slug])).content.decode()


def test_record_page_shows_the_timeline_with_deadlines_and_holidays(client, qm_a, org_a, officer, procedure):
    from gelingen.testing.transitions import advance

    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 4, 6))  # + 13 months = Wed 6 May 2026
    procedure.state = "BY"
    Procedure.objects.filter(pk=procedure.pk).update(state="BY")
    client.force_login(qm_a)
    page = client.get(record_url(org_a, procedure)).content.decode()
    assert "Einreichung des Selbstreports" in page and "06.05.2026" in page
    assert "höchstens 13 Monate nach der Bestätigung" in page
    advance(procedure, S.WITHDRAWN, by=qm_a, on=date(2025, 5, 1), note="x")
    page = client.get(record_url(org_a, procedure)).content.decode()
    assert "Verfahren zurückgezogen" in page


def test_registered_reviewer_access_opens_the_timeline(client, body_reviewer, body, procedure, monkeypatch):
    from gelingen.testing import timeline

    monkeypatch.setattr(access, "_reviewer_checks", [lambda p, user: user == body_reviewer])
    assert access.role_of(procedure, body_reviewer) == access.REVIEWER_SIDE
    steps = timeline.build(procedure, body_reviewer, today=date(2025, 2, 1))
    assert [s.key for s in steps][:2] == ["registration", "confirmation"]
    monkeypatch.setattr(access, "_reviewer_checks", [])
    assert timeline.build(procedure, body_reviewer) == []


def test_body_work_list_orders_by_next_deadline_filters_and_stays_bounded(
    client, officer, body, org_a, qm_a, kqs, django_assert_max_num_queries
):
    from gelingen.testing.transitions import advance

    procedures = []
    for i in range(12):
        cycle = make_cycle(org_a, kqs, title=f"Zyklus {i}")
        p = make_procedure(cycle, body, qm_a, registered_at=datetime(2024, 1, 1 + i, tzinfo=UTC))
        advance(p, S.CONFIRMED, by=officer, on=date(2024, 3, 28 - i))
        procedures.append(p)
    client.force_login(officer)
    url = reverse("testing:list", args=[body.slug])
    with django_assert_max_num_queries(14):  # constant: 12 rows cost what 1 does
        page = client.get(url).content.decode()
    # the earliest deadline (confirmed last on 17 March) comes first
    first = page.index(f"{reverse('testing:procedure', args=[body.slug, procedures[-1].pk])}")
    last = page.index(f"{reverse('testing:procedure', args=[body.slug, procedures[0].pk])}")
    assert first < last
    assert "überfällig" in page
    filtered = client.get(url, {"status": "registered"}).content.decode()
    assert "Kein Verfahren passt" in filtered
    assert client.get(url, {"year": "abc"}).status_code == 200


def test_record_page_queries_are_bounded(
    client, officer, body, procedure, qm_a, django_assert_max_num_queries
):
    from gelingen.testing.transitions import advance

    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    for n in (1, 2, 3):
        submit(procedure.cycle, qm_a, number=n)
    client.force_login(officer)
    # +2: the reviewers' steps and section; +2: the Gutachten section and its outcome; +2: the workshop (visits)
    with django_assert_max_num_queries(20):
        assert client.get(record_url(body, procedure)).status_code == 200


def test_organisation_list_shows_what_is_due_from_it(client, qm_a, org_a, officer, procedure):
    from gelingen.testing.transitions import advance

    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    client.force_login(qm_a)
    page = client.get(reverse("testing:list", args=[org_a.slug])).content.decode()
    assert "Einreichung des Selbstreports: 20.02.2026" in page
