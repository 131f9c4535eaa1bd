"""Unit tests of the excerpt and justification rules."""

import pytest

from gelingen.quality.measures import justification
from gelingen.quality.measures.models import Measure

from .factories import ARGUMENT, QUOTE, REFERENCE, publish_leitbild

SECTION = "Wir begegnen allen Menschen mit Respekt. Wir nehmen Kritik ernst und antworten verlässlich."


@pytest.mark.parametrize(
    ("excerpt", "ok"),
    [
        ("Wir nehmen Kritik ernst", True),
        ("  wir   nehmen kritik ERNST und antworten verlässlich.", True),
        ("„Wir nehmen Kritik ernst und antworten verlässlich.“", True),
        ("Wir begegnen … Kritik ernst", True),
        ("Wir begegnen [...] antworten verlässlich", True),
        ("Kritik ernst … Wir begegnen", False),  # parts out of order
        ("Wir ignorieren Kritik", False),
    ],
)
def test_excerpt_matches(excerpt, ok):
    assert justification.excerpt_matches(SECTION, excerpt) is ok


@pytest.mark.django_db
def test_section_queryset_offers_only_the_current_published_sections(org_a, org_b):
    old = publish_leitbild(org_a, number=1)
    current = publish_leitbild(org_a, number=2, texts={"values": "Neu", "goals": ""})
    publish_leitbild(org_b)
    offered = set(justification.section_queryset(org_a))
    assert offered == {current.sections.get(key="values")}
    kept = old.sections.get(key="dgd")
    assert kept in set(justification.section_queryset(org_a, keep=kept))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "level", "accepted"),
    [
        (ARGUMENT, "argument", True),
        (QUOTE, "quote", False),
        (REFERENCE, "reference", False),
        ("", "missing", False),
    ],
)
def test_rate_measure_uses_the_current_leitbild(org_a, text, level, accepted):
    publish_leitbild(org_a)
    measure = Measure(organisation=org_a, title="T", goal="Z", justification=text)
    verdict = justification.rate_measure(measure)
    assert measure.justification_level == level and verdict.accepted is accepted


@pytest.mark.django_db
def test_unquoted_copy_of_the_leitbild_counts_as_quotation(org_a):
    publish_leitbild(org_a)
    copied = "Wir begegnen allen Menschen mit Respekt. Wir nehmen Kritik ernst und antworten verlässlich."
    assert justification.assess(copied, org_a).level == "quote"
    # without the Leitbild the same words look like own words
    assert (
        justification.assess(copied, org_a.__class__.objects.create(name="Leer", slug="leer")).level
        != "quote"
    )
