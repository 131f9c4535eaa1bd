from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.testing.reviewers.models import AdviceRequest, Assignment, ConflictOfInterest, ReviewerProfile

pytestmark = pytest.mark.django_db


def test_demo_pool_has_accredited_reviewers_and_one_advice_request_once():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    profiles = ReviewerProfile.objects.filter(testing_body__slug="testierungsstelle-nord")
    assert profiles.filter(user__email="gutachterin@testierung-nord.example").exists()
    assert all(p.accreditations.filter(model__code="kqs").exists() for p in profiles)
    assert AdviceRequest.objects.filter(organisation__slug="jugendhilfe-am-fluss").count() == 1
    assert not ConflictOfInterest.objects.exists()  # the advising person is not in the pool
    assigned = Assignment.objects.get(procedure__status="submitted")  # one demo procedure under review, once
    assert assigned.reviewer.email == "gutachterin@testierung-nord.example"
