"""Two managers deciding on the same idea from pages loaded at the same time: the second decision is
refused with the conflict message, the first stays."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gelingen.quality.ideas.models import Idea
from tests.edit_pairs import post_forms

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(html: str, action: str, status: str) -> dict:
    return next(f for f in post_forms(html, action) if f.get("status") == status)


def test_second_decision_from_a_stale_page_is_refused(org_a, qm_a, leitung_a, staff_a):
    idea = Idea.objects.create(
        organisation=org_a, title="Wartezimmer", description="Pflanzen", submitted_by=staff_a
    )
    a, b = _client(qm_a), _client(leitung_a)
    page = reverse("ideas:detail", args=[org_a.slug, idea.pk])
    action = reverse("ideas:status", args=[org_a.slug, idea.pk])
    html_a, html_b = a.get(page).content.decode(), b.get(page).content.decode()
    accept = _form(html_a, action, "accepted")
    assert accept["status"] == "accepted" and accept["lock_version"] == "0"
    assert a.post(action, accept).status_code == 302
    reject = {**_form(html_b, action, "rejected"), "reason": "zu teuer"}
    assert reject["status"] == "rejected" and reject["lock_version"] == "0"
    response = b.post(action, reject, follow=True)
    assert "Jemand anderes hat diesen Eintrag geändert" in response.content.decode()
    idea.refresh_from_db()
    assert (idea.status, idea.decided_by, idea.rejection_reason, idea.lock_version) == (
        "accepted",
        qm_a,
        "",
        1,
    )
    # from the page as it is now, B's rejection goes through on purpose
    fresh = b.get(page).content.decode()
    again = {**_form(fresh, action, "rejected"), "reason": "zu teuer"}
    b.post(action, again)
    assert Idea.objects.get(pk=idea.pk).status == "rejected"
