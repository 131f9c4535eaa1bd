"""The job page: progress with htmx polling (and a reload without JavaScript), errors, the protected
download; who may see a job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gelingen.accounts.roles import QM
from gelingen.jobs import runner
from gelingen.jobs.models import Job
from tests.conftest import add_member

from . import kinds  # noqa: F401  registers the test job kinds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(job: Job) -> str:
    return reverse("jobs:detail", args=[job.organisation.slug, job.pk])


def download(job: Job) -> str:
    return reverse("jobs:result", args=[job.organisation.slug, job.pk])


@pytest.fixture
def job(org_a, staff_a):
    return runner.enqueue("tests.echo", org_a, staff_a, {"text": "Nr;Wert\n1;2\n"})


def test_queued_job_polls_and_reloads_without_javascript(client, staff_a, job, django_assert_max_num_queries):
    client.force_login(staff_a)
    # 9: the first visit of the organisation also records its use (Membership.last_used_at)
    with django_assert_max_num_queries(9):
        text = client.get(page(job)).content.decode()
    assert "<h1>Testauftrag</h1>" in text and "wartet" in text
    assert 'hx-trigger="every 2s"' in text and f'hx-get="{page(job)}"' in text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in text
    assert f'<a href="{page(job)}">Seite neu laden</a>' in text
    assert download(job) not in text


def test_htmx_partial_shows_progress_and_stops_polling_when_done(client, staff_a, job):
    client.force_login(staff_a)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, progress=40, message="Seiten werden gesetzt"
    )
    partial = client.get(page(job), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith("<section") and "<h1>" not in partial
    assert 'value="40"' in partial and "Seiten werden gesetzt" in partial and "hx-trigger" in partial
    runner.run(Job.objects.get(pk=job.pk))
    partial = client.get(page(job), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "Die Datei ist fertig." in partial
    assert download(job) in partial and "echo.csv herunterladen" in partial
    full = client.get(page(job)).content.decode()
    assert "refresh" not in full  # nothing left to wait for


def test_download_is_the_stored_result(client, staff_a, job):
    client.force_login(staff_a)
    assert client.get(download(job)).status_code == 404  # not finished yet
    runner.run_next()
    response = client.get(download(job))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"Nr;Wert\n1;2\n"
    assert 'filename="echo.csv"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_failed_job_shows_the_error_only(client, org_a, staff_a):
    job = runner.enqueue("tests.refused", org_a, staff_a)
    runner.run_next()
    client.force_login(staff_a)
    text = client.get(page(job)).content.decode()
    assert "Der Text wurde inzwischen geändert." in text and "hx-trigger" not in text
    assert client.get(download(job)).status_code == 404


def test_requester_and_allowed_roles_see_the_job_others_get_403(
    client, org_a, job, leitung_a, qm_a, reader_a
):
    runner.run_next()
    client.force_login(leitung_a)  # tests.echo allows the Leitung
    assert client.get(page(job)).status_code == 200 and client.get(download(job)).status_code == 200
    for person in (qm_a, reader_a, add_member(org_a, QM, "zweite-qm@alpha.example")):
        client.force_login(person)
        assert client.get(page(job)).status_code == 403
        assert client.get(download(job)).status_code == 403


def test_job_of_another_organisation_is_404(client, job, qm_b, org_b):
    client.force_login(qm_b)
    assert client.get(page(job)).status_code == 404  # under its own organisation: not a member
    inside_own = reverse("jobs:detail", args=[org_b.slug, job.pk])
    assert client.get(inside_own).status_code == 404
    assert client.get(reverse("jobs:result", args=[org_b.slug, job.pk])).status_code == 404


def test_expired_job_is_gone(client, staff_a, job):
    runner.run_next()
    job.refresh_from_db()
    runner.delete_expired(now=job.expires_at)
    client.force_login(staff_a)
    assert client.get(page(job)).status_code == 404
