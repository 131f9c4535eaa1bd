"""Evidence in the self-assessment rows: a few per row from SQL, a count, a link to the filtered register."""

import pytest
from django.urls import reverse

from gelingen.catalogue.models import Requirement
from gelingen.core.links import pk_url
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.evidence.register import SHOWN_PER_REQUIREMENT, evidence_summary

pytestmark = pytest.mark.django_db


def bulk_evidence(org, requirement, n, area=3, start=1):
    """n evidence items linked to one requirement (bulk: the numbers, not the rules, matter here)."""
    items = Evidence.objects.bulk_create(
        Evidence(
            organisation=org,
            area_number=area,
            sequence=start + i,
            identifier=f"QB{area}-{start + i:02d}",
            title=f"Beleg {start + i}",
            location="Ordner QM",
        )
        for i in range(n)
    )
    links = Evidence.requirements.through
    links.objects.bulk_create(links(evidence_id=e.pk, requirement_id=requirement.pk) for e in items)
    return items


def req(cycle, code):
    return Requirement.objects.get(model=cycle.model, code=code)


def test_summary_limits_per_requirement_in_identifier_order(org_a, org_b, cycle_a, cycle_b):
    qb31, qb32 = req(cycle_a, "QB3.1"), req(cycle_a, "QB3.2")
    bulk_evidence(org_a, qb31, 12)
    bulk_evidence(org_a, qb32, 2, start=20)
    bulk_evidence(org_b, qb31, 5)  # another organisation's evidence never counts
    summary = evidence_summary(org_a, model_id=cycle_a.model_id)
    assert set(summary) == {qb31.pk, qb32.pk}
    first = summary[qb31.pk]
    assert [e.identifier for e in first.items] == ["QB3-01", "QB3-02", "QB3-03"]
    assert (first.count, first.more) == (12, 12 - SHOWN_PER_REQUIREMENT)
    assert first.list_url == reverse("evidence:list", args=[org_a.slug]) + f"?requirement={qb31.pk}"
    assert first.items[0].url == reverse("evidence:detail", args=[org_a.slug, first.items[0].pk])
    assert (summary[qb32.pk].count, summary[qb32.pk].more) == (2, 0)


def test_summary_for_some_requirements(org_a, cycle_a):
    qb31, qb32 = req(cycle_a, "QB3.1"), req(cycle_a, "QB3.2")
    bulk_evidence(org_a, qb31, 4)
    bulk_evidence(org_a, qb32, 1, start=10)
    assert set(evidence_summary(org_a, requirement_ids=[qb32.pk])) == {qb32.pk}
    assert evidence_summary(org_a, requirement_ids=[]) == {}


@pytest.mark.parametrize("per_requirement", [3, 30])
def test_self_assessment_queries_and_rows_do_not_grow_with_evidence(
    client_qm, org_a, cycle_a, django_assert_max_num_queries, per_requirement
):
    for i, code in enumerate(["QB3.1", "QB3.2", "QB5.1"]):
        bulk_evidence(org_a, req(cycle_a, code), per_requirement, area=3 + i, start=1)
    client_qm.get(cycle_a.get_absolute_url())  # records the use of the organisation
    with django_assert_max_num_queries(12):
        page = client_qm.get(cycle_a.get_absolute_url()).content.decode()
    assert page.count("Beleg ") == 3 * SHOWN_PER_REQUIREMENT
    qb31 = req(cycle_a, "QB3.1")
    filtered = reverse("evidence:list", args=[org_a.slug]) + f"?requirement={qb31.pk}"
    assert (filtered in page) is (per_requirement > SHOWN_PER_REQUIREMENT)
    if per_requirement > SHOWN_PER_REQUIREMENT:
        assert f"Alle {per_requirement} Nachweise zu QB3.1 im Register" in page


def test_row_links_are_the_reversed_urls(client_qm, org_a, cycle_a):
    row = cycle_a.assessments.get(requirement__code="QB3.1")
    page = client_qm.get(cycle_a.get_absolute_url()).content.decode()
    assert f'action="{reverse("quality:assessment_update", args=[org_a.slug, cycle_a.pk, row.pk])}"' in page
    assert reverse("quality:assessment_history", args=[org_a.slug, cycle_a.pk, row.pk]) in page
    assert (
        f"{reverse('evidence:create', args=[org_a.slug])}?requirement={row.requirement_id}&amp;next=" in page
    )


def test_filtered_register_lists_every_item_of_the_requirement(client_qm, org_a, cycle_a):
    qb31, qb32 = req(cycle_a, "QB3.1"), req(cycle_a, "QB3.2")
    bulk_evidence(org_a, qb31, 7)
    bulk_evidence(org_a, qb32, 2, start=50)
    page = client_qm.get(
        reverse("evidence:list", args=[org_a.slug]), {"requirement": qb31.pk}
    ).content.decode()
    assert "7 Nachweise" in page
    assert "Beleg 7" in page and "Beleg 50" not in page


def test_filtered_register_of_another_organisation_is_404(client_qm, org_b, cycle_b):
    bulk_evidence(org_b, req(cycle_b, "QB3.1"), 2)
    url = reverse("evidence:list", args=[org_b.slug])
    assert client_qm.get(url, {"requirement": req(cycle_b, "QB3.1").pk}).status_code == 404


def test_pk_url_fills_in_the_key(org_a):
    detail = pk_url("evidence:detail", org_a.slug)
    assert detail.for_pk(7) == reverse("evidence:detail", args=[org_a.slug, 7])
    history = pk_url("quality:assessment_history", org_a.slug, 3)
    assert history.for_pk(11) == reverse("quality:assessment_history", args=[org_a.slug, 3, 11])


@pytest.mark.parametrize("n", [3, 30])
def test_register_queries_do_not_grow(client_qm, org_a, cycle_a, django_assert_max_num_queries, n):
    qb31 = req(cycle_a, "QB3.1")
    bulk_evidence(org_a, qb31, n)
    url = reverse("evidence:list", args=[org_a.slug])
    client_qm.get(url)
    with django_assert_max_num_queries(11):
        page = client_qm.get(url, {"requirement": qb31.pk}).content.decode()
    assert page.count("QB3.1</td>") == n
