"""A long evidence CSV leaves the request: a job writes the same file, shown to the requester and
the managers only."""

import pytest
from django.test import Client
from django.urls import reverse

from gelingen.jobs import runner, tables
from gelingen.jobs.models import Job
from tests.evidence.test_views import make, req, url

pytestmark = pytest.mark.django_db


def download(client, job) -> bytes:
    response = client.get(reverse("jobs:result", args=[job.organisation.slug, job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_long_cycle_csv_is_written_by_a_job(
    client, reader_a, qm_a, staff_a, org_a, cycle_a, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    for n in range(3):
        make(org_a, qm_a, area=3, title=f"Nachweis {n}", requirements=[req(cycle_a, "QB3.1")])
    reader = Client()
    reader.force_login(reader_a)
    inline = reader.get(url("cycle_csv", org_a, cycle_a.pk)).content  # 3 rows: on the request
    monkeypatch.setattr(tables, "CSV_INLINE_ROWS", 2)
    client.force_login(staff_a)
    response = client.get(url("cycle_csv", org_a, cycle_a.pk))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url() and job.kind == "csv.evidence_cycle"
    assert f'href="{url("list", org_a)}"' in client.get(response.url).content.decode()
    runner.run_pending()
    job.refresh_from_db()
    assert (
        job.state == Job.State.DONE
        and job.result_name == f"nachweise-suchtberatung-alpha-ev-{cycle_a.pk}.csv"
    )
    assert download(client, job) == inline
    assert reader.get(job.get_absolute_url()).status_code == 403  # neither requester nor manager
    client.force_login(qm_a)
    assert download(client, job) == inline


def test_job_for_a_deleted_cycle_fails_with_a_message(qm_a, org_a, cycle_a):
    job = runner.enqueue("csv.evidence_cycle", org_a, qm_a, {"cycle": cycle_a.pk + 1000})
    runner.run_pending()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error == "Diesen Zyklus gibt es nicht mehr."
