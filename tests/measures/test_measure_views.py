from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.catalogue.models import Requirement
from gelingen.quality.leitbild.models import LeitbildSection
from gelingen.quality.measures.models import Measure, Task
from tests.conftest import make_cycle

from .factories import ARGUMENT, QUOTE, REFERENCE, make_measure, make_task, publish_leitbild, set_capacity

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"measures:{name}", args=[org.slug, *args])


def measure_data(**overrides):
    data = {
        "title": "Offene Sprechstunde",
        "goal": "Erstgespräch innerhalb einer Woche",
        "description": "",
        "phase": "trial",
        "status": "planned",
        "owner": "",
        "start_date": "2026-03-01",
        "end_date": "2026-06-30",
        "cycle": "",
        "leitbild_section": "",
        "leitbild_excerpt": "",
        "justification": ARGUMENT,
    }
    data.update(overrides)
    return data


def test_create_measure_with_requirements_and_passage(client_qm, org_a, qm_a, cycle_a):
    version = publish_leitbild(org_a)
    section = version.sections.get(key="dgd")
    reqs = list(Requirement.objects.filter(code__in=["QB4.2", "QB11.1"]))
    response = client_qm.post(
        url("create", org_a),
        measure_data(
            owner=qm_a.pk,
            cycle=cycle_a.pk,
            requirements=[r.pk for r in reqs],
            leitbild_section=section.pk,
            leitbild_excerpt="ihre Ziele selbst formulieren",
        ),
        follow=True,
    )
    measure = Measure.objects.get()
    assert response.redirect_chain[-1][0] == measure.get_absolute_url()
    assert measure.organisation == org_a and measure.created_by == qm_a
    assert set(measure.requirements.values_list("code", flat=True)) == {"QB4.2", "QB11.1"}
    assert measure.leitbild_section == section
    assert measure.justification_level == "argument"
    content = response.content.decode()
    assert "wurde gespeichert" in content
    assert "Begründung prüfen" not in content
    assert "ihre Ziele selbst formulieren" in content


def test_form_groups_requirements_by_area(client_qm, org_a, cycle_a):
    content = client_qm.get(url("create", org_a)).content.decode()
    assert "<summary>QB3 Schlüsselprozesse</summary>" in content
    assert "QB3.1 –" in content
    # optional areas the cycle did not choose are not offered
    assert "QB13" not in content


@pytest.mark.parametrize(
    ("justification", "message"),
    [
        (REFERENCE, "verweist nur auf das Leitbild"),
        (QUOTE, "zitiert nur das Leitbild"),
        ("", "Es fehlt eine Begründung"),
    ],
)
def test_weak_justification_is_saved_with_a_warning(client_qm, org_a, justification, message):
    publish_leitbild(org_a)
    response = client_qm.post(url("create", org_a), measure_data(justification=justification), follow=True)
    measure = Measure.objects.get()  # saved all the same: a warning, not a blocker
    assert measure.justification_level != "argument"
    content = response.content.decode()
    assert message in content
    assert "Begründung prüfen" in content
    list_page = client_qm.get(url("list", org_a)).content.decode()
    assert "Begründung prüfen" in list_page


def test_detail_shows_the_verdict_message(client_qm, org_a):
    publish_leitbild(org_a)
    measure = make_measure(org_a, justification=QUOTE)
    content = client_qm.get(measure.get_absolute_url()).content.decode()
    assert "Die Begründung zitiert nur das Leitbild" in content


def test_end_before_start_is_refused(client_qm, org_a):
    response = client_qm.post(
        url("create", org_a), measure_data(start_date="2026-06-01", end_date="2026-05-01")
    )
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert not Measure.objects.exists()


def test_empty_post_shows_required_errors(client_qm, org_a):
    measure = make_measure(org_a)
    for target in (url("create", org_a), url("edit", org_a, measure.pk)):
        response = client_qm.post(target, {})
        assert response.status_code == 200
        assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert list(Measure.objects.values_list("title", flat=True)) == ["Offene Sprechstunde"]


def test_missing_title_and_goal_are_refused(client_qm, org_a):
    response = client_qm.post(url("create", org_a), measure_data(title="", goal=""))
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Measure.objects.exists()


def test_excerpt_must_come_from_the_section(client_qm, org_a):
    section = publish_leitbild(org_a).sections.get(key="values")
    response = client_qm.post(
        url("create", org_a),
        measure_data(leitbild_section=section.pk, leitbild_excerpt="Wir sind die Besten."),
    )
    assert "Der Auszug steht so nicht im gewählten Abschnitt." in response.content.decode()
    assert not Measure.objects.exists()


def test_excerpt_without_section_is_refused(client_qm, org_a):
    publish_leitbild(org_a)
    response = client_qm.post(url("create", org_a), measure_data(leitbild_excerpt="Wir nehmen Kritik ernst"))
    assert "Bitte wählen Sie den Abschnitt, aus dem der Auszug stammt." in response.content.decode()
    assert not Measure.objects.exists()


def test_empty_excerpt_takes_the_whole_section(client_qm, org_a):
    section = publish_leitbild(org_a).sections.get(key="values")
    client_qm.post(url("create", org_a), measure_data(leitbild_section=section.pk))
    assert Measure.objects.get().leitbild_excerpt == section.text


def test_section_of_another_organisation_or_a_draft_is_refused(client_qm, org_a, org_b):
    foreign = publish_leitbild(org_b).sections.first()
    draft = LeitbildSection.objects.create(
        version=org_a.leitbild_versions.create(number=5), key="values", text="Entwurf"
    )
    for section in (foreign, draft):
        response = client_qm.post(url("create", org_a), measure_data(leitbild_section=section.pk))
        assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert not Measure.objects.exists()


def test_owner_from_another_organisation_is_refused(client_qm, org_a, qm_b):
    response = client_qm.post(url("create", org_a), measure_data(owner=qm_b.pk))
    assert "Bitte wählen Sie eine Person aus Ihrer Organisation." in response.content.decode()
    assert not Measure.objects.exists()


def test_requirements_must_fit_the_cycle_model(client_qm, org_a, kqs):
    from gelingen.catalogue.transfer import import_catalogue
    from tests.conftest import synthetic_catalogue

    other = import_catalogue(synthetic_catalogue(10))
    cycle = make_cycle(org_a, kqs)
    make_cycle(org_a, other, title="Synthetisch")
    wrong = Requirement.objects.filter(model=other).first()
    response = client_qm.post(url("create", org_a), measure_data(cycle=cycle.pk, requirements=[wrong.pk]))
    assert "gehören nicht zum Modell des gewählten Zyklus" in response.content.decode()
    assert not Measure.objects.exists()


def test_staff_can_edit_a_measure(client, org_a, staff_a):
    measure = make_measure(org_a)
    client.force_login(staff_a)
    response = client.post(
        url("edit", org_a, measure.pk), measure_data(title="Neuer Titel", status="running")
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.status) == ("Neuer Titel", "running")


def test_reader_sees_but_cannot_change(client_reader, org_a):
    measure = make_measure(org_a)
    content = client_reader.get(measure.get_absolute_url()).content.decode()
    assert measure.title in content and "Bearbeiten" not in content and "Aufgabe hinzufügen" not in content
    assert client_reader.post(url("edit", org_a, measure.pk), measure_data()).status_code == 403
    assert client_reader.post(url("create", org_a), measure_data()).status_code == 403
    assert Measure.objects.count() == 1


def test_owner_above_capacity_gets_a_warning(client_qm, org_a, qm_a):
    set_capacity(org_a, qm_a, 10)
    other = make_measure(org_a, status="running")
    make_task(other, responsible=qm_a, due_date=timezone.localdate(), planned_hours=Decimal(8))
    response = client_qm.post(url("create", org_a), measure_data(owner=qm_a.pk), follow=True)
    assert "Planen Sie höchstens 60 % der Zeit fest ein" in response.content.decode()


def test_delete_needs_manage_level(client, org_a, staff_a, qm_a):
    measure = make_measure(org_a)
    client.force_login(staff_a)
    assert client.post(url("delete", org_a, measure.pk)).status_code == 403
    client.force_login(qm_a)
    assert client.get(url("delete", org_a, measure.pk)).status_code == 200
    response = client.post(url("delete", org_a, measure.pk))
    assert response.url == url("list", org_a)
    assert not Measure.objects.exists()


def test_list_filters(client_qm, org_a, qm_a, staff_a, cycle_a):
    a = make_measure(org_a, title="Alpha", status="running", phase="trial", owner=qm_a)
    a.requirements.set(Requirement.objects.filter(code="QB3.1"))
    make_measure(org_a, title="Beta", status="planned", phase="develop", owner=staff_a)
    make_measure(org_a, title="Gamma", status="done", justification_level="argument")

    def titles(**params):
        page = client_qm.get(url("list", org_a), params).context["page"]
        return {m.title for m in page}

    assert titles() == {"Alpha", "Beta", "Gamma"}
    assert titles(status="running") == {"Alpha"}
    assert titles(phase="develop") == {"Beta"}
    assert titles(owner=staff_a.pk) == {"Beta"}
    assert titles(area=3) == {"Alpha"}
    assert titles(check="on") == {"Alpha", "Beta"}


def test_list_shows_progress_and_overdue(client_qm, org_a):
    measure = make_measure(org_a)
    make_task(measure, status=Task.Status.DONE)
    make_task(measure, due_date=timezone.localdate() - timedelta(days=1))
    content = client_qm.get(url("list", org_a)).content.decode()
    assert "1 von 2 Aufgaben" in content and "1 überfällig" in content


def test_list_is_paginated(client_qm, org_a):
    Measure.objects.bulk_create(Measure(organisation=org_a, title=f"M{i}", goal="Z") for i in range(55))
    response = client_qm.get(url("list", org_a))
    assert len(response.context["page"]) == 50
    assert "Seite 1 von 2" in response.content.decode()
    assert len(client_qm.get(url("list", org_a), {"page": 2}).context["page"]) == 5


@pytest.mark.parametrize("rows", [3, 60])
def test_list_query_count_is_bounded(client_qm, org_a, qm_a, cycle_a, django_assert_num_queries, rows):
    reqs = list(Requirement.objects.filter(code__in=["QB1.1", "QB2.1"]))
    for i in range(rows):
        measure = make_measure(org_a, title=f"M{i}", owner=qm_a)
        measure.requirements.set(reqs)
        make_task(measure, responsible=qm_a)
        Measure.milestones.rel.related_model.objects.create(
            measure=measure, title="MS", date=date(2026, 1, 1)
        )
    client_qm.get(url("list", org_a))
    with django_assert_num_queries(10):
        client_qm.get(url("list", org_a), {"status": "planned", "area": 1})


def test_edit_form_repeats_the_warning(client_qm, org_a):
    publish_leitbild(org_a)
    measure = make_measure(org_a, justification=REFERENCE)
    content = client_qm.get(url("edit", org_a, measure.pk)).content.decode()
    assert "Die Begründung verweist nur auf das Leitbild." in content
