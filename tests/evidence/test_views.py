from pathlib import Path

import pytest
from django.urls import reverse

from gelingen.accounts.roles import STAFF
from gelingen.catalogue.models import Requirement
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.evidence.register import save_evidence
from tests.conftest import add_member
from tests.evidence import files

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"evidence:{name}", args=[org.slug, *args])


def req(cycle, code):
    return Requirement.objects.get(model=cycle.model, code=code)


def make(org, user, area=3, title="Prozesslandkarte", requirements=(), **fields):
    fields.setdefault("location", "Ordner QM, Register 3")
    evidence = Evidence(organisation=org, area_number=area, title=title, **fields)
    return save_evidence(evidence, user, requirements=list(requirements))


def form_data(**overrides):
    data = {
        "title": "Protokoll Qualitätszirkel März",
        "area_number": "3",
        "kind": "protocol",
        "description": "Beschluss zur Prozesslandkarte",
        "location": "Intranet > QM > Protokolle",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "version": "1.0",
        "revision_date": "2026-04-02",
        "requirements": [],
    }
    data.update(overrides)
    return data


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- create -------------------------------------------------------------------------------------


def test_create_with_location(client_qm, org_a, qm_a, cycle_a):
    qb31 = req(cycle_a, "QB3.1")
    response = client_qm.post(url("create", org_a), form_data(requirements=[qb31.pk]))
    evidence = Evidence.objects.get()
    assert response.status_code == 302 and response.url == evidence.get_absolute_url()
    assert evidence.identifier == "QB3-01"
    assert evidence.location == "Intranet > QM > Protokolle" and not evidence.file
    assert list(evidence.requirements.all()) == [qb31]
    assert evidence.created_by == qm_a and evidence.organisation == org_a
    page = client_qm.get(response.url).content.decode()
    assert "QB3-01" in page and "Intranet &gt; QM &gt; Protokolle" in page and "QB3.1" in page


def test_create_with_file_and_download(client, staff_a, reader_a, org_a, cycle_a, settings):
    client.force_login(staff_a)
    upload = files.upload("Protokoll März 2026.pdf", files.PDF)
    response = client.post(url("create", org_a), form_data(location="", upload=upload))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file_name == "Protokoll März 2026.pdf" and evidence.file_size == len(files.PDF)
    assert evidence.file.name.startswith(f"org-{org_a.pk}/evidence/") and evidence.file.name.endswith(".pdf")
    assert "März" not in evidence.file.name  # random stored name
    (stored,) = stored_files(settings)
    assert stored.read_bytes() == files.PDF
    assert Path(settings.MEDIA_ROOT) in stored.parents

    client.force_login(reader_a)  # every member may download
    response = client.get(url("download", org_a, evidence.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == files.PDF
    response.close()


def test_empty_post_shows_the_required_fields(client_qm, org_a, cycle_a):
    response = client_qm.post(url("create", org_a), {})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Evidence.objects.exists()


def test_create_without_file_and_location_saves_nothing(client_qm, org_a, cycle_a):
    response = client_qm.post(url("create", org_a), form_data(location="   "))
    assert response.status_code == 400
    assert "Bitte laden Sie eine Datei hoch oder geben Sie den Ablageort an" in response.content.decode()
    assert not Evidence.objects.exists()


def test_create_with_file_and_location_saves_nothing(client_qm, org_a, cycle_a, settings):
    upload = files.upload("a.pdf", files.PDF)
    response = client_qm.post(url("create", org_a), form_data(upload=upload))
    assert response.status_code == 400
    assert "entweder eine Datei oder einen Ablageort an, nicht beides" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rechnung.pdf", files.EXE, "Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PDF, Word (DOCX)"),
        ("seite.pdf", files.HTML, "Dieser Dateityp ist nicht erlaubt."),
        ("konzept.pdf", files.docx(), "passt nicht zum Inhalt der Datei"),
    ],
)
def test_wrong_file_type_saves_nothing(client_qm, org_a, cycle_a, settings, name, content, message):
    response = client_qm.post(
        url("create", org_a), form_data(location="", upload=files.upload(name, content))
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_too_large_file_saves_nothing(client_qm, org_a, cycle_a, settings):
    settings.GELINGEN_MAX_UPLOAD_MB = 1
    big = files.upload("gross.pdf", files.PDF + b"0" * (1024 * 1024 + 1))
    response = client_qm.post(url("create", org_a), form_data(location="", upload=big))
    assert response.status_code == 400
    assert "Die Datei ist zu groß (höchstens 1 MB)." in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_period_in_wrong_order_saves_nothing(client_qm, org_a, cycle_a):
    response = client_qm.post(
        url("create", org_a), form_data(period_start="2026-05-01", period_end="2026-04-30")
    )
    assert response.status_code == 400
    assert "Das Ende des Zeitraums darf nicht vor dem Anfang liegen." in response.content.decode()
    assert not Evidence.objects.exists()


def test_other_organisations_requirements_cannot_be_linked(client_qm, org_a, cycle_a, kqs):
    from gelingen.catalogue.transfer import import_catalogue
    from tests.conftest import synthetic_catalogue

    foreign = Requirement.objects.filter(model=import_catalogue(synthetic_catalogue(5, code="x"))).first()
    response = client_qm.post(url("create", org_a), form_data(requirements=[foreign.pk]))
    assert response.status_code == 400
    assert (
        "Bitte wählen Sie Anforderungen aus den Qualitätszyklen Ihrer Organisation."
        in response.content.decode()
    )
    assert not Evidence.objects.exists()


def test_reader_cannot_create(client_reader, org_a, cycle_a):
    assert client_reader.get(url("create", org_a)).status_code == 403
    assert client_reader.post(url("create", org_a), form_data()).status_code == 403
    assert not Evidence.objects.exists()


def test_create_from_the_self_assessment_preselects_and_returns(client_qm, org_a, cycle_a):
    qb52 = req(cycle_a, "QB5.2")
    row = cycle_a.assessments.get(requirement=qb52)
    back = f"{cycle_a.get_absolute_url()}?area=5#row-{row.pk}"
    response = client_qm.get(url("create", org_a), {"requirement": qb52.pk, "next": back})
    text = response.content.decode()
    assert f'value="{qb52.pk}" id="id_requirements_' in text
    assert f'name="requirements" value="{qb52.pk}" id="' in text and "checked" in text
    assert '<option value="5" selected>' in text
    assert "Für die Anforderung <strong>QB5.2</strong>" in text
    assert 'name="next" value="' in text
    response = client_qm.post(
        url("create", org_a), form_data(area_number="5", requirements=[qb52.pk], next=back)
    )
    assert response.status_code == 302 and response.url == back
    assert list(Evidence.objects.get().requirements.all()) == [qb52]


@pytest.mark.parametrize(
    "bad", ["https://evil.example/", "//evil.example/o/alpha/", "/o/beta/cycles/1/", "/\\evil"]
)
def test_next_must_stay_inside_the_organisation(client_qm, org_a, cycle_a, bad):
    response = client_qm.post(url("create", org_a), form_data(next=bad))
    assert response.status_code == 302
    assert response.url == Evidence.objects.get().get_absolute_url()


def test_unknown_preselected_requirement_is_ignored(client_qm, org_a, cycle_a):
    assert client_qm.get(url("create", org_a), {"requirement": "abc"}).status_code == 200
    assert client_qm.get(url("create", org_a), {"requirement": "999999"}).status_code == 200


# --- edit / delete ------------------------------------------------------------------------------


def test_edit_keeps_the_identifier_and_area(client, staff_a, qm_a, org_a, cycle_a):
    evidence = make(org_a, qm_a)
    client.force_login(staff_a)
    page = client.get(url("edit", org_a, evidence.pk)).content.decode()
    assert "Die Kennung QB3-01 bleibt unverändert" in page
    response = client.post(
        url("edit", org_a, evidence.pk), form_data(area_number="7", title="Prozesslandkarte 2026")
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.identifier, evidence.area_number, evidence.title) == (
        "QB3-01",
        3,
        "Prozesslandkarte 2026",
    )
    assert evidence.updated_by == staff_a


@pytest.fixture
def post_committed(django_capture_on_commit_callbacks):
    """POST and run the on-commit callbacks (old files are deleted only after the commit)."""

    def post(client, path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data or {})

    return post


def test_edit_replaces_and_removes_the_file(client_qm, qm_a, org_a, cycle_a, settings, post_committed):
    evidence = make(org_a, qm_a)
    client_qm.post(
        url("edit", org_a, evidence.pk), form_data(location="", upload=files.upload("a.pdf", files.PDF))
    )
    evidence.refresh_from_db()
    first = Path(evidence.file.path)
    assert first.exists() and evidence.location == ""
    post_committed(
        client_qm,
        url("edit", org_a, evidence.pk),
        form_data(location="", upload=files.upload("b.png", files.png())),
    )
    evidence.refresh_from_db()
    assert evidence.file_name == "b.png" and not first.exists() and Path(evidence.file.path).exists()
    # keeping the file while adding a location is refused
    response = client_qm.post(url("edit", org_a, evidence.pk), form_data(location="Ordner 2"))
    assert response.status_code == 400
    assert "entfernen Sie die Datei" in response.content.decode()
    # removing the file requires a location instead
    response = client_qm.post(url("edit", org_a, evidence.pk), form_data(location="", remove_file="on"))
    assert response.status_code == 400
    second = Path(evidence.file.path)
    response = post_committed(
        client_qm, url("edit", org_a, evidence.pk), form_data(location="Ordner 2", remove_file="on")
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert not evidence.file and evidence.file_name == "" and evidence.location == "Ordner 2"
    assert not second.exists() and stored_files(settings) == []


def test_delete_needs_manage_and_retires_the_identifier(
    client, staff_a, qm_a, org_a, cycle_a, settings, post_committed
):
    evidence = make(org_a, qm_a, location="", requirements=[])
    client.force_login(qm_a)
    client.post(
        url("edit", org_a, evidence.pk), form_data(location="", upload=files.upload("a.pdf", files.PDF))
    )
    assert len(stored_files(settings)) == 1
    client.force_login(staff_a)
    assert client.get(url("delete", org_a, evidence.pk)).status_code == 403
    assert client.post(url("delete", org_a, evidence.pk)).status_code == 403
    client.force_login(qm_a)
    assert "wird danach nicht neu vergeben" in client.get(url("delete", org_a, evidence.pk)).content.decode()
    response = post_committed(client, url("delete", org_a, evidence.pk))
    assert response.status_code == 302 and response.url == url("list", org_a)
    assert not Evidence.objects.exists() and stored_files(settings) == []
    assert make(org_a, qm_a).identifier == "QB3-02"


def test_download_without_file_is_404(client_qm, qm_a, org_a, cycle_a):
    evidence = make(org_a, qm_a)
    assert client_qm.get(url("download", org_a, evidence.pk)).status_code == 404


# --- lists --------------------------------------------------------------------------------------


def test_list_search_and_filters(client_qm, qm_a, org_a, cycle_a):
    qb31, qb81 = req(cycle_a, "QB3.1"), req(cycle_a, "QB8.1")
    make(org_a, qm_a, area=3, title="Prozesslandkarte", requirements=[qb31], kind="plan")
    make(org_a, qm_a, area=8, title="Organigramm", requirements=[qb81])
    make(org_a, qm_a, area=8, title="Protokoll Leitungsrunde", kind="protocol")

    def titles(**params):
        text = client_qm.get(url("list", org_a), params).content.decode()
        return {t for t in ("Prozesslandkarte", "Organigramm", "Protokoll Leitungsrunde") if t in text}

    assert titles() == {"Prozesslandkarte", "Organigramm", "Protokoll Leitungsrunde"}
    assert titles(q="organi") == {"Organigramm"}
    assert titles(q="QB8-02") == {"Protokoll Leitungsrunde"}
    assert titles(area=8) == {"Organigramm", "Protokoll Leitungsrunde"}
    assert titles(kind="plan") == {"Prozesslandkarte"}
    assert titles(requirement=qb81.pk) == {"Organigramm"}
    assert titles(unlinked="on") == {"Protokoll Leitungsrunde"}
    assert titles(area="kein") == {"Prozesslandkarte", "Organigramm", "Protokoll Leitungsrunde"}


def test_list_is_sorted_naturally_and_paginated(client_qm, qm_a, org_a, cycle_a):
    for _ in range(10):
        make(org_a, qm_a, area=2)
    make(org_a, qm_a, area=10)
    make(org_a, qm_a, area=9)
    text = client_qm.get(url("list", org_a)).content.decode()
    positions = [text.index(f">{code}<") for code in ("QB2-09", "QB2-10", "QB9-01", "QB10-01")]
    assert positions == sorted(positions)
    for _ in range(52):
        make(org_a, qm_a, area=4)
    first = client_qm.get(url("list", org_a)).content.decode()
    assert "64 Nachweise" in first and "Seite 1 von 2" in first and "?page=2" in first
    # page 2 of a filtered list: the rows after the first 50 of that filter, and links keep the filter
    second = client_qm.get(url("list", org_a), {"area": 4, "page": 2}).content.decode()
    assert "52 Nachweise" in second and "Seite 2 von 2" in second
    assert ">QB4-51<" in second and ">QB4-52<" in second
    assert ">QB4-50<" not in second and ">QB2-01<" not in second and ">QB9-01<" not in second
    assert "?area=4&amp;page=1" in second and "nächste Seite" not in second


@pytest.mark.parametrize("n", [3, 60])
def test_list_query_count_is_bounded(client_qm, qm_a, org_a, cycle_a, n, django_assert_num_queries):
    requirement = req(cycle_a, "QB3.1")
    for i in range(n):
        make(org_a, qm_a, area=3 + i % 5, requirements=[requirement])
    client_qm.get(url("list", org_a))
    # session, user, membership, cycles?, areas, requirements, count, page, prefetch, cycles
    with django_assert_num_queries(10):
        response = client_qm.get(url("list", org_a))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 60])
def test_cycle_list_query_count_is_bounded(client_qm, qm_a, org_a, cycle_a, n, django_assert_num_queries):
    requirement = req(cycle_a, "QB3.1")
    for i in range(n):
        make(org_a, qm_a, area=3 + i % 5, requirements=[requirement])
    client_qm.get(url("cycle", org_a, cycle_a.pk))
    # session, user, membership, cycle, evidence, requirements, cycles
    with django_assert_num_queries(7):
        response = client_qm.get(url("cycle", org_a, cycle_a.pk))
    assert response.content.decode().count("<tr>") == n + 1


def test_cycle_list_csv_and_pdf(client_reader, qm_a, org_a, cycle_a):
    qb31 = req(cycle_a, "QB3.1")
    make(org_a, qm_a, area=3, title="=Formel", requirements=[qb31], version="2.0")
    make(org_a, qm_a, area=10, title="Kennzahlenbericht 2026", requirements=[req(cycle_a, "QB10.1"), qb31])
    make(org_a, qm_a, area=2, title="Ohne Bezug")
    from datetime import date

    make(
        org_a,
        qm_a,
        area=3,
        title="Zeitraum",
        requirements=[qb31],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    response = client_reader.get(url("cycle_csv", org_a, cycle_a.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "\ufeffKennung;Titel;Art;Ablageort / Datei;Zeitraum;Version;Stand vom;Anforderungen"
    assert lines[1].startswith("QB3-01;'=Formel;Dokument;Ordner QM, Register 3;;2.0;;QB3.1")
    assert lines[2].startswith("QB3-02;Zeitraum;") and "01.01.2026 – 30.06.2026" in lines[2]
    assert lines[3] == "QB10-01;Kennzahlenbericht 2026;Dokument;Ordner QM, Register 3;;;;QB3.1, QB10.1"
    assert len(lines) == 4

    response = client_reader.get(url("cycle_pdf", org_a, cycle_a.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]

    page = client_reader.get(url("cycle", org_a, cycle_a.pk)).content.decode()
    assert "Kennzahlenbericht 2026" in page and "Ohne Bezug" not in page
    assert "01.01.2026 – 30.06.2026" in page


def test_cycle_page_does_not_claim_to_be_the_selfreport_appendix(client_reader, qm_a, org_a, cycle_a):
    page = client_reader.get(url("cycle", org_a, cycle_a.pk)).content.decode()
    assert "<h1>Nachweise zu den Anforderungen des Zyklus" in page
    assert "Der Anhang des Selbstreports ist eine andere Liste" in page
    assert "Nachweisverzeichnis" not in page
    listing = client_reader.get(url("list", org_a)).content.decode()
    assert "Anhang des Selbstreports" not in listing
    assert f"Nachweise zu den Anforderungen des Zyklus {cycle_a.title}" in listing


def test_reader_sees_no_write_controls(client_reader, qm_a, org_a, cycle_a):
    evidence = make(org_a, qm_a)
    assert "Nachweis anlegen" not in client_reader.get(url("list", org_a)).content.decode()
    assert "Bearbeiten" not in client_reader.get(url("detail", org_a, evidence.pk)).content.decode()


def test_staff_sees_no_delete_link(client, staff_a, qm_a, org_a, cycle_a):
    evidence = make(org_a, qm_a)
    client.force_login(staff_a)
    text = client.get(url("detail", org_a, evidence.pk)).content.decode()
    assert "Bearbeiten" in text and url("delete", org_a, evidence.pk) not in text


def test_other_organisations_evidence_is_404(client_qm, qm_b, org_a, org_b, cycle_a):
    foreign = make(org_b, qm_b)
    for name in ("detail", "edit", "delete", "download"):
        assert client_qm.get(url(name, org_a, foreign.pk)).status_code == 404


def test_navigation_entry(client_qm, org_a, cycle_a):
    text = client_qm.get(url("list", org_a)).content.decode()
    assert f'<a href="{url("list", org_a)}" aria-current="page">Nachweise</a>' in text


def test_staff_member_added_later_can_work(client, org_a, cycle_a):
    user = add_member(org_a, STAFF, "neu@alpha.example")
    client.force_login(user)
    assert client.post(url("create", org_a), form_data()).status_code == 302
