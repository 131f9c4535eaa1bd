"""Pool pages in the registry of tests/test_tenant_isolation.py (service organisations A and B).

The pages answer only in a testing body, so here they are checked for strangers, read-only writes
and anonymous access; the testing-body sides are in test_access.py.
"""

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
}


def populate(world, side, org, people):
    profile = make_profile(world.body, f"gutachter-{side}@pruef.example")
    setattr(world, f"{side}_reviewer_profile", profile)
