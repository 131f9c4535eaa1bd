"""Long Selbstreport exports and submissions run as background jobs, end to end (the job runs
synchronously in the test); the Word file takes its page numbers from the PDF layout of the same content."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gelingen.jobs import runner
from gelingen.jobs.models import Job
from gelingen.selfreport import background, export_pdf, pages
from gelingen.selfreport.document import build
from gelingen.selfreport.models import PageLayout, Submission

pytestmark = pytest.mark.django_db


def url(name, report, *args):
    return reverse(f"selfreport:{name}", args=[report.cycle.organisation.slug, report.cycle_id, *args])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def no_layout(monkeypatch):
    def refuse(document):
        raise AssertionError("laid out although the layout of this content is known")

    monkeypatch.setattr(export_pdf, "layout", refuse)


def toc_numbers(docx: bytes) -> dict[str, int]:
    """Title -> page number of the Word file's table of contents."""
    doc = Document(io.BytesIO(docx))
    entries = [p.text for p in doc.paragraphs if p.style.name.startswith("TOC")]
    return {title: int(number) for title, number in (e.rsplit("\t", 1) for e in entries)}


def result_of(client, job: Job) -> bytes:
    response = client.get(reverse("jobs:result", args=[job.organisation.slug, job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_long_pdf_export_runs_as_a_job(client_qm, complete_report, qm_a):
    response = client_qm.get(url("export", complete_report, "pdf"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url() and job.requested_by == qm_a
    page = client_qm.get(response.url).content.decode()
    assert "Selbstreport als Datei" in page and "hx-trigger" in page
    assert f'href="{complete_report.get_absolute_url()}"' in page  # back to where it started
    # a second click while it waits answers the same job
    assert client_qm.get(url("export", complete_report, "pdf")).url == job.get_absolute_url()
    runner.run_pending()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result_name.endswith(".pdf")
    data = result_of(client_qm, job)
    assert data.startswith(b"%PDF") and len(PdfReader(io.BytesIO(data)).pages) == job_pages(complete_report)
    assert "herunterladen" in client_qm.get(job.get_absolute_url()).content.decode()


def job_pages(report) -> int:
    return PageLayout.objects.get(report=report).page_count


def test_report_above_the_inline_limit_goes_to_a_job_again(client_qm, complete_report, monkeypatch):
    pages.layout_and_store(complete_report)
    assert client_qm.get(url("export", complete_report, "pdf"))["Content-Type"] == "application/pdf"
    monkeypatch.setattr(background, "INLINE_PAGES", job_pages(complete_report) - 1)
    assert client_qm.get(url("export", complete_report, "pdf")).status_code == 302


def test_docx_reuses_the_page_numbers_of_the_pdf_layout(client_qm, complete_report, monkeypatch):
    monkeypatch.setattr(background, "INLINE_PAGES", 0)  # as for a long report
    client_qm.get(url("export", complete_report, "pdf"))
    runner.run_pending()
    layout = PageLayout.objects.get()
    document = build(complete_report)
    expected = {title: layout.anchor_pages[anchor] for _level, title, anchor in document.toc()}
    fresh = export_pdf.layout(document).anchor_pages  # the stored numbers are the PDF's
    assert expected == {title: fresh[anchor] for _level, title, anchor in document.toc()}
    monkeypatch.setattr(export_pdf, "layout", lambda d: pytest.fail("laid out again"))
    # known layout: the Word file needs no layout and comes on the request, even for a long report
    response = client_qm.get(url("export", complete_report, "docx"))
    assert response.status_code == 200 and toc_numbers(response.content) == expected
    assert max(expected.values()) > 2  # real page numbers, not all the same


def test_docx_without_a_layout_computes_it_in_the_job(client_qm, complete_report):
    response = client_qm.get(url("export", complete_report, "docx"))
    assert response.status_code == 302 and not PageLayout.objects.exists()
    runner.run_pending()
    job = Job.objects.get()
    layout = PageLayout.objects.get()  # stored for the next export and the check
    numbers = toc_numbers(result_of(client_qm, job))
    assert numbers == {t: layout.anchor_pages[a] for _l, t, a in build(complete_report).toc()}
    assert job.result_name.endswith(".docx")


def test_export_job_of_staff_is_theirs_and_the_managers(client, complete_report, staff_a, qm_a, reader_a):
    client.force_login(staff_a)
    job_url = client.get(url("export", complete_report, "pdf")).url
    runner.run_pending()
    job = Job.objects.get()
    assert client.get(job_url).status_code == 200
    client.force_login(qm_a)  # QM and Leitung may see every export
    assert client.get(job_url).status_code == 200 and result_of(client, job).startswith(b"%PDF")
    client.force_login(reader_a)
    assert client.get(job_url).status_code == 403
    assert client.get(reverse("jobs:result", args=[job.organisation.slug, job.pk])).status_code == 403


# Submission ---------------------------------------------------------------------------------------


def test_long_submission_runs_as_a_job_and_links_the_submission(
    client, leitung_a, complete_report, no_page_limit
):
    client.force_login(leitung_a)
    response = client.post(url("submit", complete_report), {"confirm": "on", "after": "0"})
    job = Job.objects.get(kind="selfreport.submit")
    assert response.url == job.get_absolute_url() and not Submission.objects.exists()
    assert "wartet" in client.get(response.url).content.decode()
    # a double click queues nothing new
    assert (
        client.post(url("submit", complete_report), {"confirm": "on", "after": "0"}).url
        == job.get_absolute_url()
    )
    runner.run_pending()
    submission = Submission.objects.get()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result_url == url("submission", complete_report, 1)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Der Selbstreport wurde eingereicht (Einreichung 1)." in page and job.result_url in page
    assert submission.submitted_by == leitung_a and submission.page_count == job_pages(complete_report)
    assert "alle Prüfsummen stimmen" in client.get(job.result_url).content.decode()


def test_submission_job_refuses_content_changed_after_the_click(
    client, leitung_a, complete_report, no_page_limit, settings
):
    client.force_login(leitung_a)
    client.post(url("submit", complete_report), {"confirm": "on", "after": "0"})
    qb4 = complete_report.chapters.get(key="qb4")
    qb4.answer_c = "Nach dem Klick geändert."
    qb4.save()
    runner.run_pending()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and "nach dem Klick" in job.error
    assert not Submission.objects.exists()
    folder = settings.MEDIA_ROOT / "submissions"
    assert folder.exists() and list(folder.iterdir()) == []  # the rolled-back submission left no files
    assert "nach dem Klick" in client.get(job.get_absolute_url()).content.decode()


def test_blocked_submission_still_answers_on_the_form(client_qm, report):
    response = client_qm.post(url("submit", report), {"confirm": "on", "after": "0"})
    assert "Die Prüfung meldet" in response.content.decode() and not Job.objects.exists()
