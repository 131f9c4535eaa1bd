"""A long feedback CSV leaves the request: a job writes the same file with the same filters."""

import pytest
from django.urls import reverse

from gelingen.jobs import runner, tables
from gelingen.jobs.models import Job
from tests.feedback.test_views import make, url

pytestmark = pytest.mark.django_db


def test_long_filtered_csv_is_written_by_a_job(client_qm, org_a, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for days in (1, 2, 3):
        make(org_a, days, "complaint", text=f"Beschwerde {days}")
    make(org_a, 1, "praise", text="Lob")
    inline = client_qm.get(url("export", org_a) + "?kind=complaint").content
    monkeypatch.setattr(tables, "CSV_INLINE_ROWS", 2)
    response = client_qm.get(url("export", org_a) + "?kind=complaint")
    job = Job.objects.get()
    assert response.url == job.get_absolute_url() and job.parameters == {"query": {"kind": "complaint"}}
    runner.run_pending()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result_name.startswith("rueckmeldungen-")
    result = client_qm.get(reverse("jobs:result", args=[org_a.slug, job.pk]))
    data = b"".join(result.streaming_content)
    lines = data.decode("utf-8-sig").splitlines()
    assert data == inline and len(lines) == 4 and all(";Beschwerde;" in line for line in lines[1:])
    # below the limit, the same filter stays on the request
    assert client_qm.get(url("export", org_a) + "?kind=praise")["Content-Type"] == "text/csv; charset=utf-8"
