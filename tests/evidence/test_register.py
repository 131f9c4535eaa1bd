import threading
from datetime import date

import pytest
from django.db import connection

from gelingen.catalogue.models import Area, Requirement
from gelingen.quality.evidence.models import Evidence, EvidenceCounter
from gelingen.quality.evidence.register import (
    assign_identifier,
    delete_evidence,
    evidence_by_requirement,
    evidence_for_cycle,
    format_identifier,
    identifier_sort_key,
    save_evidence,
)
from tests.conftest import make_cycle

pytestmark = pytest.mark.django_db


def make(org, user, area=3, title="Nachweis", requirements=(), **fields):
    evidence = Evidence(organisation=org, area_number=area, title=title, location="Ordner QM", **fields)
    return save_evidence(evidence, user, requirements=list(requirements))


def req(model, code):
    return Requirement.objects.get(model=model, code=code)


def test_identifier_format():
    assert format_identifier(3, 7) == "QB3-07"
    assert format_identifier(12, 123) == "QB12-123"


def test_identifiers_count_per_organisation_and_area(org_a, org_b, qm_a, qm_b, kqs):
    first = make(org_a, qm_a, area=3)
    second = make(org_a, qm_a, area=3)
    other_area = make(org_a, qm_a, area=8)
    other_org = make(org_b, qm_b, area=3)
    assert [first.identifier, second.identifier, other_area.identifier, other_org.identifier] == [
        "QB3-01",
        "QB3-02",
        "QB8-01",
        "QB3-01",
    ]
    assert first.created_by == qm_a and first.updated_by == qm_a


def test_identifier_is_never_reused_after_deletion(org_a, qm_a, kqs):
    make(org_a, qm_a)
    last = make(org_a, qm_a)
    delete_evidence(last)
    assert make(org_a, qm_a).identifier == "QB3-03"
    assert EvidenceCounter.objects.get(organisation=org_a, area_number=3).last == 3


def test_identifier_is_stable_when_edited(org_a, qm_a, kqs):
    evidence = make(org_a, qm_a)
    evidence.title = "Neu"
    evidence.area_number = 5  # the form never allows this; the saved identifier does not follow either
    save_evidence(evidence, qm_a)
    evidence.refresh_from_db()
    assert evidence.identifier == "QB3-01" and evidence.sequence == 1


def test_natural_sort_key():
    codes = ["QB10-01", "QB2-10", "QB2-9", "QB9-02", "QB2-01"]
    assert sorted(codes, key=identifier_sort_key) == ["QB2-01", "QB2-9", "QB2-10", "QB9-02", "QB10-01"]
    assert identifier_sort_key("kaputt") > identifier_sort_key("QB99-99")


def test_evidence_for_cycle_is_sorted_naturally_and_limited_to_the_cycle(org_a, org_b, qm_a, qm_b, kqs):
    cycle = make_cycle(org_a, kqs)
    qb2 = req(kqs, "QB2.1")
    for _ in range(10):
        make(org_a, qm_a, area=2, requirements=[qb2])
    make(org_a, qm_a, area=10, requirements=[req(kqs, "QB10.1")])
    make(org_a, qm_a, area=9, requirements=[req(kqs, "QB9.1"), qb2])
    make(org_a, qm_a, area=4)  # not linked: not in the appendix
    optional = Requirement.objects.filter(model=kqs, area__optional=True).first()
    make(org_a, qm_a, area=optional.area.number, requirements=[optional])  # area not chosen in the cycle
    make(org_b, qm_b, area=2, requirements=[qb2])  # another organisation
    items = evidence_for_cycle(cycle)
    assert [e.identifier for e in items] == [*(f"QB2-{n:02d}" for n in range(1, 11)), "QB9-01", "QB10-01"]
    assert [r.code for r in items[-2].requirements.all()] == ["QB2.1", "QB9.1"]  # catalogue order


def test_evidence_for_cycle_includes_chosen_optional_areas(org_a, qm_a, kqs):
    optional_area = Area.objects.filter(model=kqs, optional=True).first()
    cycle = make_cycle(org_a, kqs)
    cycle.optional_areas.add(optional_area)
    requirement = optional_area.requirements.first()
    evidence = make(org_a, qm_a, area=optional_area.number, requirements=[requirement])
    assert evidence_for_cycle(cycle) == [evidence]


def test_evidence_for_cycle_shows_only_the_cycles_model_requirements(org_a, qm_a, kqs):
    from gelingen.catalogue.transfer import import_catalogue
    from tests.conftest import synthetic_catalogue

    other_model = import_catalogue(synthetic_catalogue(10, code="other"))
    cycle = make_cycle(org_a, kqs)
    make_cycle(org_a, other_model, title="Anderer Zyklus")
    other_req = Requirement.objects.filter(model=other_model).first()
    make(org_a, qm_a, area=1, requirements=[req(kqs, "QB1.1"), other_req])
    (item,) = evidence_for_cycle(cycle)
    assert [r.code for r in item.requirements.all()] == ["QB1.1"]


def test_evidence_for_cycle_query_count(org_a, qm_a, kqs, django_assert_num_queries):
    cycle = make_cycle(org_a, kqs)
    for code in ("QB1.1", "QB2.1", "QB3.1", "QB4.1"):
        make(org_a, qm_a, area=int(code[2]), requirements=[req(kqs, code)])
    with django_assert_num_queries(2):  # evidence, requirements
        items = evidence_for_cycle(cycle)
        assert all(e.requirements.all() for e in items)


def test_evidence_by_requirement(org_a, org_b, qm_a, qm_b, kqs):
    qb1 = req(kqs, "QB1.1")
    first = make(org_a, qm_a, area=1, requirements=[qb1], title="Leitbild 2026")
    second = make(org_a, qm_a, area=3, requirements=[qb1, req(kqs, "QB3.1")])
    make(org_b, qm_b, area=1, requirements=[qb1])
    mapping = evidence_by_requirement(org_a, model_id=kqs.pk)
    assert [e.pk for e in mapping[qb1.pk]] == [first.pk, second.pk]
    assert mapping[qb1.pk][0].title == "Leitbild 2026"
    assert set(mapping) == {qb1.pk, req(kqs, "QB3.1").pk}
    assert set(evidence_by_requirement(org_a, requirement_ids=[qb1.pk])) == {qb1.pk}


def test_period_order_is_checked(org_a, kqs):
    from django.core.exceptions import ValidationError

    evidence = Evidence(organisation=org_a, period_start=date(2026, 5, 1), period_end=date(2026, 4, 1))
    with pytest.raises(ValidationError) as exc:
        evidence.clean()
    assert "nicht vor dem Anfang" in str(exc.value)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
def test_concurrent_creation_gets_distinct_numbers(org_a, qm_a):
    results, errors = [], []

    def worker():
        try:
            evidence = Evidence(organisation=org_a, area_number=6, title="parallel", location="Ordner")
            assign_identifier(evidence)
            results.append(evidence.sequence)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 9))


def test_where_names_the_file_or_the_location(org_a, qm_a, kqs):
    evidence = make(org_a, qm_a)
    assert evidence.where == "Ordner QM"
    evidence.file, evidence.file_name = "org-1/evidence/abc.pdf", "Protokoll.pdf"
    assert evidence.where == "Protokoll.pdf"


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), "01.01.2026 – 31.12.2026"),
        (date(2026, 1, 1), None, "01.01.2026"),
        (None, date(2026, 12, 31), "… – 31.12.2026"),
        (None, None, ""),
    ],
)
def test_period_display(start, end, shown):
    assert Evidence(period_start=start, period_end=end).period_display == shown
