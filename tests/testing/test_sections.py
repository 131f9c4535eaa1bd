"""Other apps add sections to the procedure record; each provider decides per side what it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gelingen.testing import access, sections
from gelingen.testing.models import Procedure


@pytest.fixture
def organisation_only():
    """A provider that shows a section to the organisation's side only (its template exists in testing)."""

    def provider(request, procedure: Procedure, role: str):
        if role != access.ORGANISATION:
            return None
        return sections.Section("testing/_step_badge.html", {"marker": procedure.pk}, order=10)

    sections.register_section(provider)
    yield provider
    sections._providers.remove(provider)


def test_collect_orders_sections_and_skips_providers_with_nothing(rf, procedure, organisation_only):
    def late(request, procedure, role):
        return sections.Section("x.html", order=90)

    def early(request, procedure, role):
        return sections.Section("y.html", order=1)

    for p in (late, early):
        sections.register_section(p)
        sections.register_section(p)  # twice is harmless
    try:
        found = sections.collect(rf.get("/"), procedure, access.ORGANISATION)
        assert [s.template for s in found] == ["y.html", "testing/_step_badge.html", "x.html"]
        assert [s.template for s in sections.collect(rf.get("/"), procedure, access.TESTING_BODY)] == [
            "y.html",
            "x.html",
        ]
    finally:
        sections._providers.remove(late)
        sections._providers.remove(early)


def test_the_record_page_renders_the_sections_of_the_viewers_side(
    client, qm_a, officer, org_a, body, procedure, organisation_only
):
    client.force_login(qm_a)
    response = client.get(reverse("testing:procedure", args=[org_a.slug, procedure.pk]))
    assert [s.context["marker"] for s in response.context["sections"]] == [procedure.pk]
    client.force_login(officer)
    response = client.get(reverse("testing:procedure", args=[body.slug, procedure.pk]))
    assert response.context["sections"] == []
