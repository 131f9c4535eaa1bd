"""The testing body's work list filters by reviewer (active assignments); organisations get no such filter."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment
from tests.conftest import make_cycle
from tests.testing.conftest import make_procedure

from .factories import make_body, make_officer, make_profile

pytestmark = pytest.mark.django_db
S = Procedure.Status


def test_officer_filters_the_work_list_by_reviewer(client, org_a, qm_a, kqs):
    body = make_body()
    officer = make_officer(body)
    anna = make_profile(body, "anna@pruef.example", model=kqs)
    bert = make_profile(body, "bert@pruef.example", model=kqs)
    stranger = make_profile(make_body("sued", "Testierungsstelle Süd"), "sued@pruef.example", model=kqs)
    reviewed, other, ended = (
        make_procedure(make_cycle(org_a, kqs, title=f"Zyklus {n}"), body, qm_a, status=S.SUBMITTED)
        for n in range(3)
    )
    Assignment.objects.create(procedure=reviewed, reviewer=anna.user, notified_on=date(2026, 3, 3))
    Assignment.objects.create(procedure=other, reviewer=bert.user, notified_on=date(2026, 3, 3))
    Assignment.objects.create(
        procedure=ended, reviewer=anna.user, notified_on=date(2026, 3, 3), ended_on=date(2026, 3, 5)
    )
    client.force_login(officer)
    url = reverse("testing:list", args=[body.slug])

    page = client.get(url, {"reviewer": anna.user.pk})
    assert [p.pk for p, _next in page.context["items"]] == [reviewed.pk]
    choices = [label for _value, label in page.context["filters"].fields["reviewer"].choices]
    assert anna.user.name in choices and bert.user.name in choices
    assert stranger.user.name not in choices  # only this body's reviewers
    assert len(client.get(url).context["items"]) == 3
    # another body's reviewer is no valid choice: the form says so and the list stays unfiltered
    refused = client.get(url, {"reviewer": stranger.user.pk})
    assert "reviewer" in refused.context["filters"].errors
    assert len(refused.context["items"]) == 3


def test_organisation_list_has_no_reviewer_filter(client, org_a, qm_a, kqs):
    client.force_login(qm_a)
    page = client.get(reverse("testing:list", args=[org_a.slug]))
    assert "reviewer" not in page.context["filters"].fields


def test_the_record_shows_the_reviewers_and_links_to_their_page(client, org_a, qm_a, kqs):
    body = make_body()
    officer = make_officer(body)
    anna = make_profile(body, "anna@pruef.example", model=kqs)
    record = make_procedure(make_cycle(org_a, kqs), body, qm_a, status=S.SUBMITTED)
    Assignment.objects.create(procedure=record, reviewer=anna.user, notified_on=date(2026, 3, 3))
    for who, org, link in (
        (officer, body, "Gutachter*innen zuordnen"),
        (qm_a, org_a, "Zuordnung ansehen oder ablehnen"),
    ):
        client.force_login(who)
        page = client.get(reverse("testing:procedure", args=[org.slug, record.pk])).content.decode()
        assert f"{anna.user.name} (Gutachter*in)" in page
        assert reverse("testing_reviewers:procedure", args=[org.slug, record.pk]) in page
        assert link in page
    # the reviewer's own page has no such section (she sees her role there)
    client.force_login(anna.user)
    page = client.get(reverse("testing_reviewers:my_procedure", args=[body.slug, record.pk]))
    assert "reviewers-title" not in page.content.decode()
