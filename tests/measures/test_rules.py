"""Unit tests of the rhythm, excerpt and justification rules."""

from datetime import date

import pytest

from gelingen.quality.measures import justification
from gelingen.quality.measures.models import Group, Measure
from gelingen.quality.measures.rhythm import add_interval, advance_next_meeting, rhythm_hint, rhythm_label

from .factories import ARGUMENT, QUOTE, REFERENCE, make_group, publish_leitbild

SECTION = "Wir begegnen allen Menschen mit Respekt. Wir nehmen Kritik ernst und antworten verlässlich."


@pytest.mark.parametrize(
    ("start", "count", "unit", "result"),
    [
        (date(2026, 1, 6), 6, "weeks", date(2026, 2, 17)),
        (date(2026, 1, 31), 1, "months", date(2026, 2, 28)),
        (date(2026, 11, 15), 3, "months", date(2027, 2, 15)),
        (date(2028, 1, 31), 1, "months", date(2028, 2, 29)),
    ],
)
def test_add_interval(start, count, unit, result):
    assert add_interval(start, count, unit) == result


def test_rhythm_label_and_hint():
    group = Group(rhythm_count=6, rhythm_unit="weeks")
    assert rhythm_label(group) == "alle 6 Wochen"
    assert rhythm_label(Group(rhythm_count=1, rhythm_unit="months")) == "jeden Monat"
    assert rhythm_label(Group(rhythm_count=None)) == ""
    assert rhythm_hint(6, "weeks") == "" and rhythm_hint(1, "months") == ""
    assert "seltener als alle 6 Wochen" in rhythm_hint(3, "months")
    assert "sehr häufig" in rhythm_hint(1, "weeks")
    assert "Legen Sie fest" in rhythm_hint(None, "weeks")


@pytest.mark.django_db
def test_advance_next_meeting(org_a):
    group = make_group(org_a, rhythm_count=4, rhythm_unit="weeks", next_meeting=date(2026, 3, 3))
    assert advance_next_meeting(group, date(2026, 3, 3)) == date(2026, 3, 31)
    # a meeting in between does not move a date that is already planned later
    assert advance_next_meeting(group, date(2026, 3, 10)) == date(2026, 3, 31)
    group.refresh_from_db()
    assert group.next_meeting == date(2026, 3, 31)
    without = make_group(org_a, name="ohne Rhythmus")
    assert advance_next_meeting(without, date(2026, 3, 3)) is None


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
