"""The Gutachten pages from every side: first and second reviewer, officer, organisation before and after
release, another reviewer of the body, other organisations and testing bodies, read-only members."""

from __future__ import annotations

import io
from datetime import date
from unittest.mock import patch

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gelingen.accounts.roles import OFFICER, QM
from gelingen.testing import transitions
from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.models import Gutachten, MarginComment, Rating
from gelingen.testing.models import Procedure
from tests.conftest import add_member
from tests.testing_reviewers.factories import make_body

from .conftest import finish

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


def url(name, org, procedure, *args):
    return reverse(f"testing_gutachten:{name}", args=[org.slug, procedure.pk, *args])


def login(client, user):
    client.force_login(user)
    return client


def first_area(gutachten):
    review = gutachten.areas.select_related("area").first()
    requirements = list(rules.cycle_requirements(gutachten.procedure).filter(area=review.area))
    return review, requirements


def area_data(review, requirements, values: dict | None = None, version=None) -> dict:
    data = {
        "lock_version": str(review.lock_version if version is None else version),
        "comments": "",
        "suggestions": "",
    }
    for r in requirements:
        value, auflage = (values or {}).get(r.pk, ("", ""))
        data[f"r{r.pk}"], data[f"a{r.pk}"] = value, auflage
    return data


def released(gutachten, first, second, officer, capture):
    gutachten.refresh_from_db()
    if gutachten.status == Gutachten.Status.DRAFT:
        finish(gutachten, partly=1)
        rules.hand_over(gutachten, first)
        rules.approve(gutachten, second)
    MarginComment.objects.create(
        gutachten=gutachten,
        anchor="p-structure-body-1",
        passage="Wir beraten seit 1990 in Berlin.",
        text="Seit wann genau?",
        author=first,
        created_at=gutachten.started_at,
    )
    with capture(execute=True), patch("django.utils.timezone.localdate", return_value=TODAY):
        transitions.advance(gutachten.procedure, Procedure.Status.GUTACHTEN, by=officer, on=TODAY)
    gutachten.refresh_from_db()
    assert gutachten.status == Gutachten.Status.RELEASED
    return gutachten


# --- first reviewer ------------------------------------------------------------------------------


def test_first_reviewer_starts_and_opens_every_editor_page(client, staffed, first, body):
    login(client, first)
    page = client.get(url("detail", body, staffed))
    assert page.status_code == 200 and "Gutachten beginnen" in page.content.decode()
    assert client.post(url("start", body, staffed)).status_code == 302
    made = Gutachten.objects.get()
    review, _requirements = first_area(made)
    for name, args in (("detail", ()), ("selfreport", ()), ("area", (review.area_id,))):
        assert client.get(url(name, body, staffed, *args)).status_code == 200, name
    area_page = client.get(url("area", body, staffed, review.area_id)).content.decode()
    assert f'{url("selfreport", body, staffed)}#ch-qb1"' in area_page  # the area's chapter, to read beside
    for key in ("a", "b", "d"):
        assert client.get(url("part", body, staffed, key)).status_code == 200, key
    assert client.get(url("part", body, staffed, "x")).status_code == 404
    assert client.get(url("submission_file", body, staffed)).status_code == 200


def test_start_without_first_reviewer_is_explained(client, procedure, submission, second, officer, body):
    from gelingen.testing.reviewers.models import Assignment

    from .conftest import assign

    assign(procedure, second, Assignment.Role.SECOND, officer)
    login(client, second)
    page = client.get(url("detail", body, procedure)).content.decode()
    assert "keine Gutachter*in zugeordnet" in page
    assert client.post(url("start", body, procedure)).status_code == 403
    assert not Gutachten.objects.exists()


def test_rating_an_area_saves_and_partial_without_auflage_saves_nothing(client, gutachten, first, body):
    login(client, first)
    review, requirements = first_area(gutachten)
    one, two = requirements[0], requirements[1]
    bad = area_data(review, requirements, {one.pk: ("met", ""), two.pk: ("partly", " ")})
    page = client.post(url("area", body, gutachten.procedure, review.area_id), bad)
    assert page.status_code == 400
    assert "formulieren Sie bitte die Auflage" in page.content.decode()
    assert not Rating.objects.exists()
    good = area_data(
        review, requirements, {one.pk: ("met", "ignored"), two.pk: ("partly", "Konzept bis Juni vorlegen")}
    )
    good["comments"] = "Klar beschrieben."
    response = client.post(url("area", body, gutachten.procedure, review.area_id), good)
    assert response.status_code == 302
    ratings = {r.requirement_id: r for r in Rating.objects.all()}
    assert ratings[one.pk].value == "met" and ratings[one.pk].auflage == ""
    assert ratings[two.pk].auflage == "Konzept bis Juni vorlegen"
    review.refresh_from_db()
    assert review.comments == "Klar beschrieben." and review.lock_version == 1


def test_two_tabs_do_not_overwrite_each_other(client, gutachten, first, body):
    login(client, first)
    review, requirements = first_area(gutachten)
    target = url("area", body, gutachten.procedure, review.area_id)
    first_tab = area_data(review, requirements, {requirements[0].pk: ("met", "")}, version=0)
    second_tab = area_data(
        review, requirements, {requirements[0].pk: ("not_met", "Nachweis fehlt")}, version=0
    )
    assert client.post(target, first_tab).status_code == 302
    page = client.post(target, second_tab)
    assert (
        page.status_code == 400 and "Jemand anderes hat diesen Eintrag gespeichert" in page.content.decode()
    )
    assert Rating.objects.get().value == "met"
    part = url("part", body, gutachten.procedure, "a")
    data = {"lock_version": "0", "organisation_text": "Tab 1", "success_text": ""}
    assert client.post(part, data).status_code == 302
    assert client.post(part, {**data, "organisation_text": "Tab 2"}).status_code == 400
    gutachten.refresh_from_db()
    assert gutachten.organisation_text == "Tab 1"


def test_margin_comment_on_a_paragraph_and_bad_anchor(client, gutachten, first, body):
    login(client, first)
    target = url("comment_add", body, gutachten.procedure)
    response = client.post(target, {"anchor": "p-qb1-answer_a-1", "text": "Mit wem genau?"})
    assert response.status_code == 302 and response.url.endswith("#p-qb1-answer_a-1")
    comment = MarginComment.objects.get()
    assert comment.passage.startswith("Das Leitbild wurde 2024")
    page = client.get(url("selfreport", body, gutachten.procedure)).content.decode()
    assert 'id="p-qb1-answer_a-1"' in page and "Mit wem genau?" in page
    assert "Leitbild 2024" in page  # the frozen evidence list
    assert client.post(target, {"anchor": "p-erfunden-1", "text": "x"}).status_code == 400
    assert client.post(target, {"anchor": "p-qb1-answer_a-1", "text": "  "}).status_code == 400
    assert MarginComment.objects.count() == 1
    assert client.post(url("comment_delete", body, gutachten.procedure, comment.pk)).status_code == 302
    assert not MarginComment.objects.exists()


def test_no_editing_after_handover(client, gutachten, first, body):
    finish(gutachten)
    login(client, first)
    assert client.post(url("hand_over", body, gutachten.procedure)).status_code == 302
    gutachten.refresh_from_db()
    assert gutachten.status == Gutachten.Status.SECOND_CHECK
    data = {"lock_version": str(gutachten.lock_version), "organisation_text": "später", "success_text": ""}
    client.post(url("part", body, gutachten.procedure, "a"), data)
    client.post(url("comment_add", body, gutachten.procedure), {"anchor": "p-structure-body-1", "text": "x"})
    gutachten.refresh_from_db()
    assert gutachten.organisation_text == "Eine Beratungsstelle." and not MarginComment.objects.exists()
    shown = client.get(url("part", body, gutachten.procedure, "a")).content.decode()
    assert "disabled" in shown and "Speichern" not in shown.split("<main")[1]


# --- second reviewer, officer --------------------------------------------------------------------


def test_second_reviewer_sees_it_only_from_the_handover_and_decides(client, gutachten, first, second, body):
    login(client, second)
    assert (
        "noch nicht zur Zweitbegutachtung"
        in client.get(url("detail", body, gutachten.procedure)).content.decode()
    )
    assert client.get(url("selfreport", body, gutachten.procedure)).status_code == 404
    assert client.get(url("export", body, gutachten.procedure, "pdf")).status_code == 404
    finish(gutachten)
    rules.hand_over(gutachten, first)
    page = client.get(url("detail", body, gutachten.procedure)).content.decode()
    assert "Freigeben" in page
    assert (
        client.get(url("area", body, gutachten.procedure, first_area(gutachten)[0].area_id)).status_code
        == 403
    )
    refused = client.post(url("check", body, gutachten.procedure), {"decision": "return", "comment": ""})
    assert refused.status_code == 400 and "überarbeitet werden soll" in refused.content.decode()
    client.post(
        url("check", body, gutachten.procedure), {"decision": "return", "comment": "Teil B ausführen."}
    )
    gutachten.refresh_from_db()
    assert gutachten.status == Gutachten.Status.RETURNED
    login(client, first)
    assert "Teil B ausführen." in client.get(url("detail", body, gutachten.procedure)).content.decode()
    rules.hand_over(gutachten, first)
    login(client, second)
    client.post(url("check", body, gutachten.procedure), {"decision": "approve"})
    gutachten.refresh_from_db()
    assert gutachten.status == Gutachten.Status.APPROVED


def test_first_reviewer_cannot_check(client, gutachten, first, body):
    finish(gutachten)
    rules.hand_over(gutachten, first)
    login(client, first)
    assert client.post(url("check", body, gutachten.procedure), {"decision": "approve"}).status_code == 403
    gutachten.refresh_from_db()
    assert gutachten.status == Gutachten.Status.SECOND_CHECK


def test_officer_reads_from_the_second_check_and_writes_nothing(client, gutachten, first, officer, body):
    login(client, officer)
    page = client.get(url("detail", body, gutachten.procedure)).content.decode()
    assert "noch nicht zur Zweitbegutachtung" in page and "Gutachten beginnen" not in page
    assert client.get(url("export", body, gutachten.procedure, "pdf")).status_code == 404
    finish(gutachten)
    rules.hand_over(gutachten, first)
    assert client.get(url("detail", body, gutachten.procedure)).status_code == 200
    assert client.get(url("selfreport", body, gutachten.procedure)).status_code == 200
    assert (
        client.post(url("part", body, gutachten.procedure, "a"), {"organisation_text": "x"}).status_code
        == 403
    )
    assert client.post(url("check", body, gutachten.procedure), {"decision": "approve"}).status_code == 403


def test_record_page_shows_the_section_for_the_side(client, gutachten, first, officer, qm_a, org_a, body):
    login(client, officer)
    page = client.get(reverse("testing:procedure", args=[body.slug, gutachten.procedure.pk])).content.decode()
    assert "es ist hier zu lesen, sobald es zur Zweitbegutachtung übergeben ist" in page
    login(client, first)
    page = client.get(
        reverse("testing_reviewers:my_procedure", args=[body.slug, gutachten.procedure.pk])
    ).content.decode()
    assert "Gutachten bearbeiten" in page
    login(client, qm_a)
    page = client.get(
        reverse("testing:procedure", args=[org_a.slug, gutachten.procedure.pk])
    ).content.decode()
    assert 'id="gutachten-heading"' not in page


# --- organisation --------------------------------------------------------------------------------


def test_organisation_sees_nothing_before_release_and_everything_after(
    client, gutachten, first, second, officer, qm_a, org_a, django_capture_on_commit_callbacks
):
    login(client, qm_a)
    procedure = gutachten.procedure
    pages = [
        url("detail", org_a, procedure),
        url("selfreport", org_a, procedure),
        url("export", org_a, procedure, "pdf"),
        url("export", org_a, procedure, "docx"),
    ]
    for page in pages:
        assert client.get(page).status_code == 404, page
    finish(gutachten, partly=1)
    rules.hand_over(gutachten, first)
    rules.approve(gutachten, second)
    for page in pages:
        assert client.get(page).status_code == 404, page  # approved is not yet sent
    index = reverse("testing_gutachten:index", args=[org_a.slug])
    assert "Keine Gutachten." in client.get(index).content.decode()
    released(gutachten, first, second, officer, django_capture_on_commit_callbacks)
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert "Keine Gutachten." not in client.get(index).content.decode()
    html = client.get(url("selfreport", org_a, procedure)).content.decode()
    assert "Seit wann genau?" in html and "kommentieren" not in html
    detail = client.get(url("detail", org_a, procedure)).content.decode()
    assert "Auflage" in detail and "Bearbeiten" not in detail
    assert (
        client.post(
            url("comment_add", org_a, procedure), {"anchor": "p-structure-body-1", "text": "x"}
        ).status_code
        == 404
    )


def test_read_only_member_gets_403_on_writes(client, gutachten, reader_a, org_a, body_reader, body):
    procedure = gutachten.procedure
    for user, org in ((reader_a, org_a), (body_reader, body)):
        login(client, user)
        for name, args in (
            ("start", ()),
            ("hand_over", ()),
            ("check", ()),
            ("comment_add", ()),
            ("part", ("a",)),
        ):
            assert client.post(url(name, org, procedure, *args), {}).status_code == 403, (user, name)


# --- strangers -----------------------------------------------------------------------------------


def test_strangers_get_404(client, gutachten, first, second, other_reviewer, org_b, qm_b, body):
    finish(gutachten)
    rules.hand_over(gutachten, first)
    procedure = gutachten.procedure
    other_body = make_body("tsued", "Testierungsstelle Süd")
    other_officer = add_member(other_body, OFFICER, "officer@tsued.example")
    cases = [
        (other_reviewer, body),  # a reviewer of the same body, not assigned
        (qm_b, org_b),  # another organisation
        (other_officer, other_body),  # another testing body
        (add_member(org_b, QM, "qm2@beta.example"), body),  # not a member of the body at all
    ]
    for user, org in cases:
        login(client, user)
        for name, args in (("detail", ()), ("selfreport", ()), ("submission_file", ()), ("export", ("pdf",))):
            assert client.get(url(name, org, procedure, *args)).status_code == 404, (user.email, name)
        assert (
            client.post(url("comment_add", org, procedure), {"anchor": "x", "text": "x"}).status_code == 404
        )


# --- exports -------------------------------------------------------------------------------------


def test_pdf_and_docx_export(
    client, gutachten, first, second, officer, body, django_capture_on_commit_callbacks
):
    released(gutachten, first, second, officer, django_capture_on_commit_callbacks)
    login(client, officer)
    requirement = rules.cycle_requirements(gutachten.procedure).first()
    pdf = client.get(url("export", body, gutachten.procedure, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    for expected in (
        "Teil A",
        "Teil C",
        requirement.code,
        f"Auflage {requirement.code}",
        "Seit wann genau?",
        "Auflagen",
    ):
        assert expected in text, expected
    docx = client.get(url("export", body, gutachten.procedure, "docx"))
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Teil D: Hinweise für Visitation und Abschlussworkshop" in paragraphs
    assert "Seit wann genau?" in paragraphs and "Wir beraten seit 1990 in Berlin." in paragraphs
    assert f"Auflage {requirement.code}" in cells and "teilweise erfüllt" in cells


def test_draft_exports_for_the_first_reviewer_marked_as_draft(client, gutachten, first, body):
    login(client, first)
    pdf = client.get(url("export", body, gutachten.procedure, "pdf"))
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Entwurf" in text
    assert client.get(url("export", body, gutachten.procedure, "odt")).status_code == 404


# --- query counts --------------------------------------------------------------------------------


def test_main_pages_have_bounded_queries(client, gutachten, first, body, django_assert_max_num_queries):
    finish(gutachten, partly=3)
    for n in range(5):
        MarginComment.objects.create(
            gutachten=gutachten,
            anchor="p-structure-body-1",
            text=f"K{n}",
            author=first,
            created_at=gutachten.started_at,
        )
    login(client, first)
    review, _requirements = first_area(gutachten)
    procedure = gutachten.procedure
    for target in (
        url("detail", body, procedure),
        url("selfreport", body, procedure),
        url("area", body, procedure, review.area_id),
    ):
        with django_assert_max_num_queries(25):
            assert client.get(target).status_code == 200


# --- the send step on the record page ------------------------------------------------------------


def test_send_step_refuses_without_approval_and_takes_the_outcome(
    client, gutachten, first, second, officer, body, django_capture_on_commit_callbacks
):
    procedure = gutachten.procedure
    login(client, officer)
    step = reverse("testing:step", args=[body.slug, procedure.pk, "send_gutachten"])
    data = {"send_gutachten-on": "2026-03-10", "send_gutachten-outcome": "all_met"}
    with patch("django.utils.timezone.localdate", return_value=TODAY):
        refused = client.post(step, data)
    assert refused.status_code == 400
    assert "noch nicht von der Zweitgutachter*in freigegeben" in refused.content.decode()
    finish(gutachten, partly=2)
    rules.hand_over(gutachten, first)
    rules.approve(gutachten, second)
    record = client.get(reverse("testing:procedure", args=[body.slug, procedure.pk])).content.decode()
    assert "Ergibt sich aus den Bewertungen des freigegebenen Gutachtens." in record
    with (
        patch("django.utils.timezone.localdate", return_value=TODAY),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = client.post(step, data)
    assert sent.status_code == 302
    procedure.refresh_from_db()
    gutachten.refresh_from_db()
    assert procedure.status == Procedure.Status.GUTACHTEN and procedure.outcome == Procedure.Outcome.AUFLAGEN
    assert gutachten.status == Gutachten.Status.RELEASED and gutachten.released_on == date(2026, 3, 10)


def test_reviewer_notes_lead_to_the_reviewers_own_page(
    client, gutachten, first, second, other_reviewer, body, django_capture_on_commit_callbacks
):
    from gelingen.testing.models import Notification

    finish(gutachten)
    with django_capture_on_commit_callbacks(execute=True):
        rules.hand_over(gutachten, first)
    note = Notification.objects.get(user=second)
    login(client, second)
    response = client.get(note.url())
    assert response.status_code == 302
    assert response.url == reverse("testing_reviewers:my_procedure", args=[body.slug, gutachten.procedure.pk])
    login(client, other_reviewer)
    assert client.get(note.url()).status_code == 404


def test_organisation_keeps_the_sent_round_while_a_new_one_is_written(
    client, gutachten, first, second, officer, qm_a, org_a, body, cycle_a, django_capture_on_commit_callbacks
):
    from .conftest import make_submission

    released(gutachten, first, second, officer, django_capture_on_commit_callbacks)
    procedure = gutachten.procedure
    Procedure.objects.filter(pk=procedure.pk).update(status=Procedure.Status.RESUBMITTED)
    make_submission(cycle_a, qm_a, number=2, day=date(2026, 6, 1))
    procedure.refresh_from_db()
    login(client, first)
    client.post(url("start", body, procedure))
    assert procedure.gutachten.count() == 2
    assert "Einreichung 2 des Selbstreports" in client.get(url("detail", body, procedure)).content.decode()
    login(client, qm_a)
    page = client.get(url("detail", org_a, procedure)).content.decode()
    assert "Einreichung 1 des Selbstreports" in page and "an die Organisation versandt" in page
    assert client.get(url("detail", org_a, procedure) + "?round=2").status_code == 404


def test_reading_pages_of_officer_and_organisation_have_bounded_queries(
    client,
    gutachten,
    first,
    second,
    officer,
    qm_a,
    org_a,
    body,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    released(gutachten, first, second, officer, django_capture_on_commit_callbacks)
    procedure = gutachten.procedure
    for user, org in ((officer, body), (qm_a, org_a)):
        login(client, user)
        for target in (url("detail", org, procedure), url("selfreport", org, procedure)):
            with django_assert_max_num_queries(25):
                assert client.get(target).status_code == 200, target
