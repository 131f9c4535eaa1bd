"""Building the document (every text rendered, the appendix read) is the costly part of the checks and
the submission: each step builds it once."""

import pytest
from django.urls import reverse

from gelingen.selfreport import document, lint, pages, submission, views
from gelingen.selfreport.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    calls: list[int | None] = []
    real = document.build

    def counting(report, *args, **kwargs):
        calls.append(kwargs.get("submission_number"))
        return real(report, *args, **kwargs)

    for module in (lint, submission, views, pages):
        monkeypatch.setattr(module, "build", counting)
    return calls


def _url(name, report):
    return reverse(f"selfreport:{name}", args=[report.cycle.organisation.slug, report.cycle_id])


def test_checks_page_builds_once(client_qm, report, builds):
    assert client_qm.get(_url("check", report)).status_code == 200
    assert builds == [None]


def test_submission_builds_once_for_the_form_and_once_under_the_lock(
    client, leitung_a, complete_report, no_page_limit, builds
):
    pages.layout_and_store(complete_report)  # short and laid out before: submitted on the request
    client.force_login(leitung_a)
    builds.clear()
    response = client.post(_url("submit", complete_report), {"confirm": "on", "after": "0"})
    assert response.status_code == 302 and Submission.objects.count() == 1
    assert builds == [None, 1]  # the form's checks and background decision; submit() with its number
