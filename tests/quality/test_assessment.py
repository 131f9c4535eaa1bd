import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.catalogue.transfer import import_catalogue
from gelingen.quality.models import Assessment, AssessmentChange
from tests.conftest import make_cycle, synthetic_catalogue

pytestmark = pytest.mark.django_db


def row_url(cycle, row):
    return reverse("quality:assessment_update", args=[cycle.organisation.slug, cycle.pk, row.pk])


def row_of(cycle, code):
    return cycle.assessments.get(requirement__code=code)


def test_page_lists_every_requirement_grouped_by_area(client_qm, cycle_a):
    response = client_qm.get(cycle_a.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('class="req-row') == 71
    assert "QB1 Leitbild" in text and "QB12" in text
    assert "0 % erfüllt und dokumentiert (0 von 71 Anforderungen)" in text
    assert "<svg" in text and "<table" in text  # chart plus table alternative


def test_htmx_update_returns_row_and_progress(client_qm, qm_a, cycle_a):
    row = row_of(cycle_a, "QB1.1")
    response = client_qm.post(
        row_url(cycle_a, row),
        {"status": "done", "note": "Leitbild 2026 beschlossen", "responsible": qm_a.pk, "due_date": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith(f'<li id="row-{row.pk}"')
    assert 'hx-swap-oob="true"' in text
    assert "1 % erfüllt und dokumentiert (1 von 71 Anforderungen)" in text
    row.refresh_from_db()
    assert (row.status, row.note, row.responsible, row.updated_by) == (
        "done",
        "Leitbild 2026 beschlossen",
        qm_a,
        qm_a,
    )


def test_plain_form_post_redirects_back_to_the_row(client_qm, cycle_a):
    row = row_of(cycle_a, "QB2.1")
    next_url = cycle_a.get_absolute_url() + "?status=open"
    response = client_qm.post(
        row_url(cycle_a, row),
        {"status": "practice", "note": "", "responsible": "", "due_date": "", "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == f"{next_url}#row-{row.pk}"
    row.refresh_from_db()
    assert row.status == "practice"


def test_next_must_stay_on_the_page(client_qm, cycle_a):
    row = row_of(cycle_a, "QB2.1")
    response = client_qm.post(row_url(cycle_a, row), {"status": "done", "next": "https://evil.example/"})
    assert response.url == f"{cycle_a.get_absolute_url()}#row-{row.pk}"


def test_bad_input_saves_nothing(client_qm, cycle_a, qm_b):
    row = row_of(cycle_a, "QB1.2")
    for data in (
        {"status": "erledigt"},
        {"status": "done", "due_date": "32.13.2026"},
        {"status": "done", "responsible": qm_b.pk},  # not a member of this organisation
    ):
        response = client_qm.post(row_url(cycle_a, row), data, HTTP_HX_REQUEST="true")
        assert "Nicht gespeichert" in response.content.decode()
        response = client_qm.post(row_url(cycle_a, row), data)
        assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte wählen Sie eine Person aus Ihrer Organisation." in text
    row.refresh_from_db()
    assert row.status == Assessment.Status.OPEN and row.responsible is None
    assert not AssessmentChange.objects.exists()


def test_history_records_who_when_old_and_new(client_qm, qm_a, cycle_a):
    row = row_of(cycle_a, "QB3.1")
    url = row_url(cycle_a, row)
    client_qm.post(url, {"status": "practice", "note": "", "responsible": "", "due_date": "2026-12-24"})
    client_qm.post(url, {"status": "done", "note": "", "responsible": "", "due_date": "2026-12-24"})
    client_qm.post(
        url, {"status": "done", "note": "", "responsible": "", "due_date": "2026-12-24"}
    )  # no change
    changes = list(row.changes.order_by("pk"))
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("status", "open", "practice"),
        ("due_date", "", "2026-12-24"),
        ("status", "practice", "done"),
    ]
    assert all(c.changed_by == qm_a for c in changes)
    response = client_qm.get(
        reverse("quality:assessment_history", args=[cycle_a.organisation.slug, cycle_a.pk, row.pk])
    )
    text = response.content.decode()
    assert "praktisch erfüllt, noch zu dokumentieren" in text and "erfüllt und dokumentiert" in text
    assert "24.12.2026" in text
    assert qm_a.name in text


def test_filters(client_qm, qm_a, cycle_a):
    today = timezone.localdate()
    row_of(cycle_a, "QB2.1").__class__.objects.filter(pk=row_of(cycle_a, "QB2.1").pk).update(
        status="missing", responsible=qm_a, due_date=today - timedelta(days=3)
    )
    Assessment.objects.filter(pk=row_of(cycle_a, "QB2.2").pk).update(status="missing")
    Assessment.objects.filter(pk=row_of(cycle_a, "QB5.1").pk).update(due_date=today + timedelta(days=3))
    url = cycle_a.get_absolute_url()

    def codes(**params):
        text = client_qm.get(url, params).content.decode()
        return {
            r.requirement.code
            for r in cycle_a.assessments.select_related("requirement")
            if f'id="row-{r.pk}"' in text
        }

    assert codes(status="missing") == {"QB2.1", "QB2.2"}
    assert codes(area=2) == {"QB2.1", "QB2.2", "QB2.3"}
    assert codes(responsible=qm_a.pk) == {"QB2.1"}
    assert codes(overdue="on") == {"QB2.1"}
    assert codes(area=2, status="open") == {"QB2.3"}
    assert len(codes(area="kein")) == 71  # invalid filter values are ignored


def test_reader_sees_values_but_no_form_and_cannot_post(client_reader, cycle_a):
    response = client_reader.get(cycle_a.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "req-row" in text and '<select id="status-' not in text
    row = row_of(cycle_a, "QB1.1")
    assert client_reader.post(row_url(cycle_a, row), {"status": "done"}).status_code == 403
    row.refresh_from_db()
    assert row.status == "open"


def test_staff_can_assess(client, staff_a, cycle_a):
    client.force_login(staff_a)
    row = row_of(cycle_a, "QB1.1")
    assert client.post(row_url(cycle_a, row), {"status": "done"}).status_code == 302


def test_row_of_another_cycle_is_404(client_qm, cycle_a, cycle_b):
    foreign = cycle_b.assessments.first()
    assert client_qm.post(row_url(cycle_a, foreign), {"status": "done"}).status_code == 404


@pytest.mark.parametrize("size", [10, 500])
def test_page_query_count_does_not_grow_with_requirements(client_qm, org_a, size, django_assert_num_queries):
    model = import_catalogue(synthetic_catalogue(size))
    cycle = make_cycle(org_a, model)
    client_qm.get(cycle.get_absolute_url())  # first visit stores the organisation in the session
    # session, user, membership, cycle, members, areas, rows, evidence links, progress (the header's
    # switcher is cached since the first visit)
    with django_assert_num_queries(9):
        response = client_qm.get(cycle.get_absolute_url())
    assert response.content.decode().count('class="req-row') == size


def test_csv_export(client_qm, qm_a, cycle_a):
    row = row_of(cycle_a, "QB1.1")
    client_qm.post(
        row_url(cycle_a, row),
        {"status": "done", "note": "=SUMME(A1)", "responsible": qm_a.pk, "due_date": "2026-12-24"},
    )
    response = client_qm.get(reverse("quality:assessment_csv", args=[cycle_a.organisation.slug, cycle_a.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffBereich;Code;Anforderung;Status;Notiz;verantwortlich;fällig am")
    lines = content.splitlines()
    assert len(lines) == 72
    assert lines[1].startswith("QB1 Leitbild;QB1.1;")
    assert ";erfüllt und dokumentiert;'=SUMME(A1);" in lines[1]  # formula neutralised
    assert "24.12.2026" in lines[1] and qm_a.name in lines[1]


def _evidence(org, user, code, cycle, title="Prozesslandkarte"):
    from gelingen.quality.evidence.models import Evidence
    from gelingen.quality.evidence.register import save_evidence

    requirement = row_of(cycle, code).requirement
    evidence = Evidence(
        organisation=org, area_number=requirement.area.number, title=title, location="Ordner QM"
    )
    return save_evidence(evidence, user, requirements=[requirement])


def _row_html(text, row):
    start = text.index(f'<li id="row-{row.pk}"')
    return text[start : text.index("</li>\n", text.index('class="req-evidence"', start))]


def test_rows_show_their_evidence_or_a_flag(client_qm, qm_a, org_a, org_b, qm_b, cycle_a, cycle_b):
    evidence = _evidence(org_a, qm_a, "QB3.1", cycle_a)
    _evidence(org_b, qm_b, "QB3.2", cycle_b, title="Fremder Nachweis")  # another organisation's
    text = client_qm.get(cycle_a.get_absolute_url()).content.decode()
    with_evidence = _row_html(text, row_of(cycle_a, "QB3.1"))
    assert f'href="/o/{org_a.slug}/evidence/{evidence.pk}/">QB3-01 Prozesslandkarte</a>' in with_evidence
    assert "Kein Nachweis" not in with_evidence
    assert "Kein Nachweis" in _row_html(text, row_of(cycle_a, "QB3.2"))
    assert "Fremder Nachweis" not in text
    assert text.count("Kein Nachweis") == 70


def test_add_evidence_link_preselects_the_requirement_and_returns_to_the_row(client_qm, cycle_a):
    from urllib.parse import parse_qs, urlsplit

    row = row_of(cycle_a, "QB5.2")
    text = client_qm.get(cycle_a.get_absolute_url(), {"area": 5}).content.decode()
    html = _row_html(text, row)
    link = re.search(r'href="([^"]*/evidence/new/[^"]*)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == f"/o/{cycle_a.organisation.slug}/evidence/new/"
    assert query["requirement"] == [str(row.requirement_id)]
    assert query["next"] == [f"{cycle_a.get_absolute_url()}?area=5#row-{row.pk}"]
    assert "Nachweis hinzufügen" in html


def test_htmx_row_keeps_showing_its_evidence(client_qm, qm_a, org_a, cycle_a):
    _evidence(org_a, qm_a, "QB1.1", cycle_a, title="Leitbild 2026")
    row = row_of(cycle_a, "QB1.1")
    response = client_qm.post(
        row_url(cycle_a, row),
        {"status": "done", "next": f"/o/{org_a.slug}/cycles/{cycle_a.pk}/rows/{row.pk}/"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert "QB1-01 Leitbild 2026" in text and "Kein Nachweis" not in text
    assert f"next=%2Fo%2F{org_a.slug}%2Fcycles%2F{cycle_a.pk}%2F%23row-{row.pk}" in text  # back to the page
    other = row_of(cycle_a, "QB1.2")
    response = client_qm.post(row_url(cycle_a, other), {"status": "erledigt"}, HTTP_HX_REQUEST="true")
    assert "Kein Nachweis" in response.content.decode()


def test_reader_sees_evidence_flags_but_no_add_link(client_reader, cycle_a):
    text = client_reader.get(cycle_a.get_absolute_url()).content.decode()
    assert "Kein Nachweis" in text and "Nachweis hinzufügen" not in text
