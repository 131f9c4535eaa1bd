"""The stored justification level follows the Leitbild: publishing a new version rates every measure again."""

import pytest
from django.urls import reverse

from gelingen.quality.leitbild import drafts
from gelingen.quality.leitbild.justification import Level
from gelingen.quality.leitbild.models import LeitbildVersion
from gelingen.quality.leitbild.signals import leitbild_published
from gelingen.quality.measures.justification import rate_measure
from gelingen.quality.measures.models import JUSTIFICATION_LEVELS, Measure

from .factories import ARGUMENT, LEITBILD, make_measure, publish_leitbild

pytestmark = pytest.mark.django_db

# A Leitbild that contains the justification word for word: the justification only copies it.
COPIED = {**LEITBILD, "dgd": ARGUMENT}


def rated(org, **kwargs) -> Measure:
    measure = make_measure(org, justification=ARGUMENT, **kwargs)
    rate_measure(measure)
    measure.save()
    return measure


def level(measure) -> str:
    return Measure.objects.values_list("justification_level", flat=True).get(pk=measure.pk)


def test_choices_are_the_leitbild_levels():
    assert [value for value, _label in JUSTIFICATION_LEVELS] == [level.value for level in Level]
    assert Measure._meta.get_field("justification_level").default == Level.MISSING


def test_publishing_a_version_rates_the_measures_again(org_a, org_b):
    publish_leitbild(org_a, 1, COPIED)
    publish_leitbild(org_b, 1, COPIED)
    copied = rated(org_a, title="Kopiert")
    other_org = rated(org_b)
    assert level(copied) == level(other_org) == Level.QUOTE
    before = Measure.objects.get(pk=copied.pk).updated_at
    version = publish_leitbild(org_a, 2, LEITBILD)  # the sentence is no longer in the Leitbild
    leitbild_published.send(sender=LeitbildVersion, version=version)
    assert level(copied) == Level.ARGUMENT
    assert Measure.objects.get(pk=copied.pk).updated_at == before  # not an edit of the measure
    assert level(other_org) == Level.QUOTE  # other organisations are left alone


def test_a_linked_section_of_an_older_version_still_counts(org_a):
    old = publish_leitbild(org_a, 1, COPIED)
    linked = rated(org_a, leitbild_section=old.sections.get(key="dgd"))
    free = rated(org_a, title="Ohne Abschnitt")
    version = publish_leitbild(org_a, 2, LEITBILD)
    leitbild_published.send(sender=LeitbildVersion, version=version)
    assert level(linked) == Level.QUOTE  # it still only copies the passage it quotes
    assert level(free) == Level.ARGUMENT


def test_list_badge_and_filter_follow_a_publication_through_drafts(client_qm, org_a, qm_a):
    publish_leitbild(org_a, 1, LEITBILD)
    measure = rated(org_a)
    assert level(measure) == Level.ARGUMENT
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "", COPIED, draft.edit_count)
    drafts.publish(draft, qm_a, "DgD neu gefasst")
    assert level(measure) == Level.QUOTE
    url = reverse("measures:list", args=[org_a.slug])
    assert "Begründung prüfen" in client_qm.get(url).content.decode()
    assert measure in client_qm.get(url, {"check": "on"}).context["page"]


@pytest.mark.parametrize("rows", [3, 40])
def test_rerating_needs_a_bounded_number_of_queries(org_a, django_assert_num_queries, rows):
    publish_leitbild(org_a, 1, COPIED)
    measures = [rated(org_a, title=f"M{i}") for i in range(rows)]
    measures += [
        make_measure(org_a, title=f"Leer {i}", justification_level=Level.ARGUMENT) for i in range(rows)
    ]
    version = publish_leitbild(org_a, 2, LEITBILD)
    # current version, its sections, the measures, one update per changed level
    with django_assert_num_queries(5):
        leitbild_published.send(sender=LeitbildVersion, version=version)
    levels = set(Measure.objects.values_list("justification_level", flat=True))
    assert levels == {Level.ARGUMENT, Level.MISSING}
