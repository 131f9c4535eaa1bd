import io

import pytest
from django.urls import reverse
from PIL import Image

from gelingen.selfreport import pages
from gelingen.selfreport.models import Chapter, GoalReport, ReportImage, SelfReport, Submission
from tests.conftest import make_cycle

pytestmark = pytest.mark.django_db


def url(name, report, *args):
    return reverse(f"selfreport:{name}", args=[report.cycle.organisation.slug, report.cycle_id, *args])


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "navy").save(out, "PNG")
    return out.getvalue()


def test_start_page_and_creation(client_qm, cycle_a):
    start = reverse("selfreport:overview", args=[cycle_a.organisation.slug, cycle_a.pk])
    assert "Selbstreport anlegen" in client_qm.get(start).content.decode()
    response = client_qm.post(start)
    assert response.status_code == 302
    report = SelfReport.objects.get(cycle=cycle_a)
    assert report.chapters.count() == 19


def test_staff_cannot_create_the_report(client, staff_a, cycle_a):
    client.force_login(staff_a)
    assert (
        client.post(reverse("selfreport:overview", args=[cycle_a.organisation.slug, cycle_a.pk])).status_code
        == 403
    )
    assert not SelfReport.objects.exists()


def test_current_shortcut(client_qm, cycle_a):
    response = client_qm.get(reverse("selfreport:current", args=[cycle_a.organisation.slug]))
    assert response.url == reverse("selfreport:overview", args=[cycle_a.organisation.slug, cycle_a.pk])


def test_overview_lists_parts_and_chapters(client_qm, report):
    text = client_qm.get(url("overview", report)).content.decode()
    assert "Teil 1: Angaben zur Organisation" in text and "QB12 Strategische Entwicklungsziele" in text
    assert "0 von 19 Kapiteln fertig" in text


def chapter_data(chapter, **texts):
    data = {"revision": chapter.revision, "owner": "", "status": "draft"}
    for f in chapter.text_fields:
        data[f] = texts.get(f, "")
    return data


def test_edit_chapter_without_javascript(client_qm, report, qm_a, kqs):
    chapter = report.chapters.get(key="qb3")
    data = chapter_data(chapter, answer_a="Unsere Prozesse ...", answer_b="Weil ...")
    data["owner"], data["status"] = qm_a.pk, "review"
    data["requirements"] = [r.pk for r in chapter.area.requirements.all()[:2]]
    response = client_qm.post(url("chapter", report, "qb3"), data)
    assert response.status_code == 302
    chapter.refresh_from_db()
    assert (chapter.answer_a, chapter.owner, chapter.status, chapter.revision) == (
        "Unsere Prozesse ...",
        qm_a,
        "review",
        1,
    )
    assert chapter.requirements.count() == 2 and chapter.updated_by == qm_a


def test_stale_revision_is_refused_and_keeps_the_text(client_qm, report):
    chapter = report.chapters.get(key="mandate")
    client_qm.post(url("chapter", report, "mandate"), chapter_data(chapter, body="Erste Fassung"))
    response = client_qm.post(
        url("chapter", report, "mandate"), chapter_data(chapter, body="Zweite, veraltet")
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Jemand anderes hat dieses Kapitel inzwischen gespeichert" in text
    assert "Zweite, veraltet" in text
    chapter.refresh_from_db()
    assert chapter.body == "Erste Fassung"


def test_owner_must_belong_to_the_organisation(client_qm, report, qm_b):
    chapter = report.chapters.get(key="legal")
    data = chapter_data(chapter, body="x")
    data["owner"] = qm_b.pk
    response = client_qm.post(url("chapter", report, "legal"), data)
    assert "keine gültige Auswahl" in response.content.decode()
    chapter.refresh_from_db()
    assert chapter.body == "" and chapter.owner is None


def test_autosave_returns_status_and_next_revision(client_qm, report):
    chapter = report.chapters.get(key="process")
    response = client_qm.post(
        url("autosave", report, "process"), chapter_data(chapter, body="Entwurf"), HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Entwurf gespeichert um" in text
    assert 'name="revision" value="1"' in text
    stale = client_qm.post(
        url("autosave", report, "process"), chapter_data(chapter, body="alt"), HTTP_HX_REQUEST="true"
    )
    assert stale.status_code == 200 and "Nicht gespeichert" in stale.content.decode()
    chapter.refresh_from_db()
    assert chapter.body == "Entwurf"


def test_preview_renders_markdown_and_images(client_qm, report):
    image = ReportImage.objects.create(report=report, file="selfreport/x.png", alt_text="Organigramm")
    chapter = report.chapters.get(key="structure")
    chapter.body = f"# Aufbau\n\n**Zwei** Standorte.\n\n![Organigramm](bild:{image.pk})"
    chapter.save()
    text = client_qm.get(url("preview", report, "structure")).content.decode()
    assert "<h3>Aufbau</h3>" in text and "<strong>Zwei</strong>" in text
    assert url("image", report, image.pk) in text


def test_reader_sees_the_chapter_but_no_form(client_reader, report):
    text = client_reader.get(url("chapter", report, "qb1")).content.decode()
    assert "nicht ändern" in text and 'id="chapter-form"' not in text


def test_goal_reports_for_12a(client_qm, org_a, kqs, qm_a):
    from gelingen.selfreport.setup import create_report

    cycle = make_cycle(org_a, kqs, kind="retest", title="Retest")
    report = create_report(cycle, qm_a)
    response = client_qm.post(
        url("goal_add", report, "qb12a"), {"goal": "Ziel A", "outcome": "missed", "text": ""}
    )
    assert response.status_code == 302 and not GoalReport.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("muss begründet werden" in m for m in messages)
    client_qm.post(
        url("goal_add", report, "qb12a"), {"goal": "Ziel A", "outcome": "missed", "text": "Personalwechsel"}
    )
    goal = GoalReport.objects.get()
    client_qm.post(
        url("goal_edit", report, goal.pk), {"goal": "Ziel A", "outcome": "achieved", "text": "doch"}
    )
    goal.refresh_from_db()
    assert goal.outcome == "achieved"
    client_qm.post(url("goal_edit", report, goal.pk), {"delete": "1"})
    assert not GoalReport.objects.exists()


def test_image_upload_checks_type_and_alt_text(client_qm, report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bild.png", b"<html>kein Bild</html>", content_type="image/png")
    response = client_qm.post(url("images", report), {"image-file": bad, "image-alt_text": "x"})
    assert "nicht erlaubt" in response.content.decode() and not ReportImage.objects.exists()
    good = SimpleUploadedFile("bild.png", png_bytes(), content_type="image/png")
    response = client_qm.post(url("images", report), {"image-file": good, "image-alt_text": "Team"})
    assert response.status_code == 302
    image = ReportImage.objects.get()
    download = client_qm.get(url("image", report, image.pk))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_org_chart_needs_a_description(client_qm, report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    chart = SimpleUploadedFile("org.png", png_bytes(), content_type="image/png")
    response = client_qm.post(url("images", report), {"chart-org_chart": chart, "chart-org_chart_alt": ""})
    assert "Bitte beschreiben Sie das Organigramm" in response.content.decode()
    report.refresh_from_db()
    assert not report.org_chart


def test_check_page_lists_findings_with_links(client_qm, report):
    text = client_qm.get(url("check", report)).content.decode()
    assert "Fehler" in text and url("chapter", report, "qb1") + "#field-answer_a" in text


def test_draft_exports(client_qm, complete_report):
    """A short report laid out before is exported on the request (long ones: tests/selfreport/test_background.py)."""
    pages.layout_and_store(complete_report)
    pdf = client_qm.get(url("export", complete_report, "pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client_qm.get(url("export", complete_report, "docx"))
    assert docx.content.startswith(b"PK") and "attachment" in docx["Content-Disposition"]
    assert client_qm.get(url("export", complete_report, "exe")).status_code == 404


def test_submit_flow(client, leitung_a, complete_report, no_page_limit):
    client.force_login(leitung_a)
    response = client.post(url("submit", complete_report), {})
    assert "Bitte bestätigen Sie die Einreichung." in response.content.decode()
    pages.layout_and_store(complete_report)  # short and laid out before: submitted on the request
    response = client.post(url("submit", complete_report), {"confirm": "on", "after": "0"})
    submission = Submission.objects.get()
    assert response.url == url("submission", complete_report, 1)
    page = client.get(response.url).content.decode()
    assert submission.pdf_sha256 in page and "alle Prüfsummen stimmen" in page
    file = client.get(url("submission_file", complete_report, 1, "pdf"))
    assert b"".join(file.streaming_content).startswith(b"%PDF")


def test_a_repeated_submit_post_gives_one_submission(client, leitung_a, complete_report, no_page_limit):
    """A double click sends the same form twice: the second POST lands on the first submission."""
    client.force_login(leitung_a)
    form = client.get(url("submit", complete_report)).content.decode()
    assert 'name="after" value="0"' in form
    pages.layout_and_store(complete_report)  # short and laid out before: submitted on the request
    for _ in range(3):
        response = client.post(url("submit", complete_report), {"confirm": "on", "after": "0"})
        assert response.status_code == 302 and response.url == url("submission", complete_report, 1)
    assert Submission.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert "wurde bereits eingereicht; hier ist Einreichung 1." in page
    # a deliberate revision from a freshly loaded form is still possible
    assert 'name="after" value="1"' in client.get(url("submit", complete_report)).content.decode()
    client.post(url("submit", complete_report), {"confirm": "on", "after": "1"})
    assert list(Submission.objects.values_list("number", flat=True)) == [2, 1]


def test_submit_without_the_form_state_is_refused(client, leitung_a, complete_report, no_page_limit):
    client.force_login(leitung_a)
    response = client.post(url("submit", complete_report), {"confirm": "on"})
    assert "Bitte laden Sie die Seite neu" in response.content.decode()
    response = client.post(url("submit", complete_report), {"confirm": "on", "after": "7"})
    assert response.url == url("submit", complete_report)
    assert not Submission.objects.exists()


def test_submit_blocked_shows_errors(client_qm, report):
    response = client_qm.post(url("submit", report), {"confirm": "on", "after": "0"})
    assert "Die Prüfung meldet" in response.content.decode()
    assert not Submission.objects.exists()


def test_staff_cannot_submit(client, staff_a, complete_report):
    client.force_login(staff_a)
    assert client.post(url("submit", complete_report), {"confirm": "on", "after": "0"}).status_code == 403


@pytest.mark.parametrize("name", ["overview", "chapter", "images"])
def test_pages_have_a_fixed_query_count(client_qm, report, name, kqs):
    """The same number of queries with few or many images and requirement links."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    target = url(name, report, "qb3") if name == "chapter" else url(name, report)
    counts = []
    for extra in (1, 12):
        for i in range(extra):
            ReportImage.objects.create(
                report=report, file=f"selfreport/x{extra}-{i}.png", alt_text=f"Bild {i}"
            )
        for chapter in report.chapters.filter(part=3):
            chapter.requirements.set(chapter.area.requirements.all()[: extra // 4 + 1])
        client_qm.get(target)
        with CaptureQueriesContext(connection) as ctx:
            assert client_qm.get(target).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 16, counts


def test_preview_of_unsaved_text_and_plain_page(client_qm, report):
    chapter = report.chapters.get(key="legal")
    response = client_qm.post(
        url("preview", report, "legal"), {"body": "**ungespeichert**"}, HTTP_HX_REQUEST="true"
    )
    assert "<strong>ungespeichert</strong>" in response.content.decode()
    chapter.refresh_from_db()
    assert chapter.body == ""
    page = client_qm.get(url("preview", report, "legal")).content.decode()
    assert "<h1>" in page and "Zurück zum Kapitel" in page


def test_image_delete_and_org_chart_removal(client_qm, report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_qm.post(
        url("images", report),
        {"image-file": SimpleUploadedFile("Mein Organigramm.png", png_bytes()), "image-alt_text": "A"},
    )
    image = ReportImage.objects.get()
    stored = tmp_path / image.file.name
    assert stored.exists() and f"org-{report.cycle.organisation_id}/selfreport/" in image.file.name
    # The user's file name never reaches the disk (a distinctive name, so a random one cannot contain it).
    assert "Organigramm" not in image.file.name and " " not in image.file.name
    client_qm.post(url("image_delete", report, image.pk))
    assert not ReportImage.objects.exists() and not stored.exists()

    chart = SimpleUploadedFile("org.png", png_bytes(), content_type="image/png")
    client_qm.post(url("images", report), {"chart-org_chart": chart, "chart-org_chart_alt": "Aufbau"})
    report.refresh_from_db()
    first = tmp_path / report.org_chart.name
    second = SimpleUploadedFile("org2.png", png_bytes(), content_type="image/png")
    client_qm.post(url("images", report), {"chart-org_chart": second, "chart-org_chart_alt": "Aufbau neu"})
    report.refresh_from_db()
    assert not first.exists() and (tmp_path / report.org_chart.name).exists()  # the replaced file is gone
    client_qm.post(url("images", report), {"remove_chart": "1"})
    report.refresh_from_db()
    assert not report.org_chart


def test_chapter_is_unique_per_report(report):
    assert Chapter.objects.filter(report=report, key="qb1").count() == 1


def test_coverage_lists_every_requirement_with_its_chapters(client_qm, report, kqs):
    from gelingen.catalogue.models import Requirement

    qb3 = report.chapters.get(key="qb3")
    qb3.requirements.set([Requirement.objects.get(model=kqs, code="QB3.1")])
    text = client_qm.get(url("coverage", report)).content.decode()
    assert "70 Anforderungen sind noch keinem Kapitel zugeordnet." in text
    row = text.split("<strong>QB3.1</strong>")[1].split("</tr>")[0]
    assert qb3.title in row and "nicht behandelt" not in row
    assert "nicht behandelt" in text.split("<strong>QB3.2</strong>")[1].split("</tr>")[0]


def test_a_missing_frozen_file_gets_a_clear_page(client, leitung_a, complete_report, no_page_limit):
    from gelingen.selfreport.submission import submit

    submission = submit(complete_report, leitung_a)
    submission.pdf.storage.delete(submission.pdf.name)
    client.force_login(leitung_a)
    page = client.get(url("submission", complete_report, 1))
    assert page.status_code == 200 and "NEIN" in page.content.decode()
    response = client.get(url("submission_file", complete_report, 1, "pdf"))
    assert response.status_code == 404
    assert "ist im Dateispeicher nicht mehr vorhanden" in response.content.decode()
    assert client.get(url("submission_file", complete_report, 1, "docx")).status_code == 200
