"""An organisation records advice it asked for outside the procedure: the person gets a conflict of interest,
the organisation learns nothing about the pool."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gelingen.testing.reviewers.advice import link_advice_requests
from gelingen.testing.reviewers.conflicts import assignment_blockers
from gelingen.testing.reviewers.models import AdviceRequest, ConflictOfInterest, ReviewerProfile

from .factories import make_body, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    return make_body()


def advice_url(org):
    return reverse("testing_reviewers:advice", args=[org.slug])


def post(client, org, follow=False, **data):
    return client.post(
        advice_url(org),
        {"name": "Anna Berger", "email": "Anna@Pruef.example ", "asked_on": "2026-03-02", **data},
        follow=follow,
    )


def test_advice_request_gives_the_reviewer_a_conflict(client_qm, org_a, qm_a, body):
    profile = make_profile(body, "anna@pruef.example")
    profile.phone = "030 999"
    profile.save()
    response = post(client_qm, org_a, topic="Vorbereitung des Leitbilds")
    assert response.url == advice_url(org_a)
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.reviewer, conflict.organisation, conflict.kind, conflict.source) == (
        profile.user,
        org_a,
        "advised",
        "organisation",
    )
    assert conflict.period_from == date(2026, 3, 2) and conflict.period_to is None
    assert conflict.recorded_by == qm_a
    reasons = assignment_blockers(profile, org_a, date(2026, 12, 3), model=None, open_procedures=0)
    assert reasons and "Hat Suchtberatung Alpha e.V. beraten (seit 02.03.2026)" in reasons[0]
    html = client_qm.get(advice_url(org_a)).content.decode()
    assert "anna@pruef.example" in html and "030 999" not in html  # its own entry, nothing of the profile


def test_the_answer_is_the_same_whether_or_not_the_person_is_in_a_pool(client_qm, org_a, body):
    make_profile(body, "anna@pruef.example")
    known = post(client_qm, org_a, follow=True)
    unknown = post(client_qm, org_a, follow=True, name="Niemand", email="niemand@example.org")
    messages = [[str(m) for m in r.context["messages"]] for r in (known, unknown)]
    assert messages[0][0].replace("Anna Berger", "X") == messages[1][0].replace("Niemand", "X")
    assert AdviceRequest.objects.count() == 2 and ConflictOfInterest.objects.count() == 1


def test_a_profile_created_later_picks_up_the_advice(client_qm, org_a, body):
    post(client_qm, org_a, advice_until="2026-04-30")
    assert not ConflictOfInterest.objects.exists()
    profile = make_profile(body, "anna@pruef.example")
    assert [c.period_to for c in link_advice_requests(profile)] == [date(2026, 4, 30)]
    assert link_advice_requests(profile) == []  # once only


def test_the_officers_profile_form_links_earlier_advice(client, org_a, qm_a, body, kqs):
    from gelingen.accounts.roles import REVIEWER
    from tests.conftest import add_member

    from .factories import make_officer

    client.force_login(qm_a)
    post(client, org_a)
    person = add_member(body, REVIEWER, "anna@pruef.example")
    client.force_login(make_officer(body))
    data = {
        "user": person.pk,
        "capacity": "2",
        "accreditations-TOTAL_FORMS": "0",
        "accreditations-INITIAL_FORMS": "0",
    }
    client.post(reverse("testing_reviewers:profile_create", args=[body.slug]), data)
    profile = ReviewerProfile.objects.get(user=person)
    assert ConflictOfInterest.objects.get().reviewer == profile.user


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"asked_on": "2999-01-01"}, "nicht in der Zukunft"),
        ({"advice_until": "2026-03-01"}, "nicht vor dem Beginn"),
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_bad_input_saves_nothing(client_qm, org_a, data, message):
    response = post(client_qm, org_a, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not AdviceRequest.objects.exists()


def test_staff_reads_and_only_leitung_or_qm_record(client, org_a, staff_a):
    client.force_login(staff_a)
    assert client.get(advice_url(org_a)).status_code == 200
    assert post(client, org_a).status_code == 403
    assert not AdviceRequest.objects.exists()


def test_organisations_see_only_their_own_requests(client, org_a, org_b, qm_a, qm_b):
    client.force_login(qm_a)
    post(client, org_a, follow=True)
    client.force_login(qm_b)
    assert "Anna Berger" not in client.get(advice_url(org_b)).content.decode()
    assert client.get(advice_url(org_a)).status_code == 404
