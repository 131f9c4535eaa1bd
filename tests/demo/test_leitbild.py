from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.quality.leitbild import drafts
from gelingen.quality.leitbild.completeness import version_completeness
from gelingen.quality.leitbild.current import current_version
from gelingen.quality.leitbild.diff import compare
from gelingen.quality.leitbild.models import LeitbildVersion, Participation, RevisionPlan

pytestmark = pytest.mark.django_db


def test_demo_leitbild_for_both_organisations_is_idempotent():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    assert LeitbildVersion.objects.count() == 4
    assert Participation.objects.count() == 8 and RevisionPlan.objects.count() == 2
    states = {}
    for slug in ("suchtberatung-nordstadt", "jugendhilfe-am-fluss"):
        current = current_version(
            LeitbildVersion.objects.filter(organisation__slug=slug).first().organisation
        )
        draft = drafts.draft_of(current.organisation)
        assert current.is_written and current.is_communicated_internally
        changed = [
            s
            for s in compare(
                current.preamble, drafts.section_texts(current), draft.preamble, drafts.section_texts(draft)
            )
            if s.changed
        ]
        assert len(changed) == 2
        states[slug] = version_completeness(current)
    assert states["suchtberatung-nordstadt"].complete
    assert states["jugendhilfe-am-fluss"].missing == ["resources"]
