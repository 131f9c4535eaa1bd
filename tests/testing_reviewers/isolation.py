"""Pool pages in the registry of tests/test_tenant_isolation.py (service organisations A and B).

The pages answer only in a testing body, so here they are checked for strangers, read-only writes
and anonymous access; the testing-body sides are in test_access.py.
"""

from datetime import UTC, date, datetime

from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import Assignment
from tests.isolation import pk

from .factories import make_profile

ORG_URLS = {
    "testing_reviewers:index": None,
    "testing_reviewers:pool": None,
    "testing_reviewers:profile_create": None,
    "testing_reviewers:settings": None,
    "testing_reviewers:profile": pk("reviewer_profile"),
    "testing_reviewers:profile_edit": pk("reviewer_profile"),
    "testing_reviewers:conflict_create": pk("reviewer_profile"),
    "testing_reviewers:own_profile": None,
    "testing_reviewers:own_profile_edit": None,
    "testing_reviewers:own_conflict_create": None,
    "testing_reviewers:advice": None,
    "testing_reviewers:my_procedures": None,
    "testing_reviewers:my_procedure": pk("procedure"),
    "testing_reviewers:assignments": None,
    "testing_reviewers:procedure": pk("procedure"),
    "testing_reviewers:assign": pk("procedure"),
    "testing_reviewers:reject": pk("procedure", assignment="assignment"),
    "testing_reviewers:end": pk("procedure", assignment="assignment"),
}


def populate(world, side, org, people):
    profile = make_profile(world.body, f"gutachter-{side}@pruef.example")
    setattr(world, f"{side}_reviewer_profile", profile)
    procedure = getattr(world, f"{side}_procedure", None)  # tests/testing/isolation.py runs first
    if procedure is None:
        procedure = Procedure.objects.create(
            organisation=org,
            testing_body=world.body,
            cycle=getattr(world, f"{side}_cycle"),
            registered_by=people["qm"],
            registered_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
        )
        setattr(world, f"{side}_procedure", procedure)
    assignment = Assignment.objects.create(
        procedure=procedure, reviewer=profile.user, notified_on=date(2026, 3, 2)
    )
    setattr(world, f"{side}_assignment", assignment)
