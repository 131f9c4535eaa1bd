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
    # the demo reviewer reviews one procedure under review; the other has a pair for the second check
    assigned = Assignment.objects.get(procedure__organisation__slug="schuldnerberatung-am-markt")
    assert assigned.reviewer.email == "gutachterin@testierung-nord.example" and assigned.role == "first"
    pair = dict(
        Assignment.objects.filter(procedure__organisation__slug="familienzentrum-am-hafen").values_list(
            "role", "reviewer__email"
        )
    )
    assert pair == {
        "first": "gutachter@testierung-nord.example",
        "second": "gutachterin@testierung-nord.example",
    }
    assert Assignment.objects.count() == 4  # once (the fourth: the visited procedure, demo/visits.py)
