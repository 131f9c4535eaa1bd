"""The smaller pieces of core.versioning: one-click changes move the version, and the hidden version
alone does not make a form "changed" (an empty extra form of a formset stays empty)."""

from __future__ import annotations

import pytest

from gelingen.core.versioning import set_and_move_version
from gelingen.quality.measures.forms import DecisionForm
from gelingen.quality.measures.models import Decision
from tests.measures.factories import make_decision, make_group, make_meeting

pytestmark = pytest.mark.django_db


def test_set_and_move_version_writes_the_value_and_moves_on(org_a):
    decision = make_decision(make_meeting(make_group(org_a)))
    Decision.objects.filter(pk=decision.pk).update(lock_version=4, text="inzwischen geändert")
    set_and_move_version(decision, {"done": True})
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.done, stored.lock_version, stored.text) == (True, 5, "inzwischen geändert")
    assert (decision.done, decision.lock_version) == (True, 5)


def test_the_version_alone_is_no_change(org_a):
    empty = DecisionForm({}, organisation=org_a)
    assert empty.changed_data == [] and not empty.has_changed()
    typed = DecisionForm({"text": "Neu"}, organisation=org_a)
    assert typed.changed_data == ["text"]
