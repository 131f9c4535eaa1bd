from datetime import timedelta

import pytest
from django.utils import timezone

from gelingen.core import deadlines
from gelingen.quality.leitbild.deadlines import revision_due_items
from gelingen.quality.leitbild.hints import guiding_questions
from gelingen.quality.leitbild.models import SECTION_KEYS, RevisionPlan

pytestmark = pytest.mark.django_db


def test_guiding_questions_come_from_the_cycle_model(org_a, cycle_a):
    hints = guiding_questions(org_a)
    assert set(hints) == {key for key, _label in SECTION_KEYS}
    assert hints["dgd"].startswith("Woran erkennen wir")


def test_guiding_questions_without_cycle_use_any_kqs_model(org_a, kqs):
    assert "values" in guiding_questions(org_a)


def test_guiding_questions_without_catalogue_are_empty(org_a):
    assert guiding_questions(org_a) == {}


def test_revision_date_is_a_due_item_of_the_responsible_person(org_a, org_b, qm_a, qm_b):
    today = timezone.localdate()
    RevisionPlan.objects.create(organisation=org_a, responsible=qm_a, next_revision_on=today + timedelta(5))
    RevisionPlan.objects.create(organisation=org_b, responsible=qm_b, next_revision_on=today + timedelta(40))
    items = list(revision_due_items([org_a.pk, org_b.pk], today + timedelta(14)))
    assert len(items) == 1
    item = items[0]
    assert item.key == f"leitbild.revision:{org_a.pk}"
    assert (item.owner_id, item.organisation_id, item.due) == (qm_a.pk, org_a.pk, today + timedelta(5))
    assert item.url == f"/o/{org_a.slug}/leitbild/"
    # registered in the shared list
    assert item in deadlines.due_items([org_a.pk], today + timedelta(14))


def test_plan_without_date_is_not_due(org_a, qm_a):
    RevisionPlan.objects.create(organisation=org_a, responsible=qm_a)
    assert list(revision_due_items([org_a.pk], timezone.localdate() + timedelta(365))) == []
