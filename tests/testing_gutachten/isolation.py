"""Gutachten pages in the registry of tests/test_tenant_isolation.py (service organisations A and B).

Strangers get 404 and read-only members 403 on writes; the sides of the testing body (first and second
reviewer, officer, another reviewer) are checked in test_views.py.
"""

from tests.isolation import pk


def _with(**extra):
    def build(world, side):
        procedure = getattr(world, f"{side}_procedure")
        kwargs = {"pk": procedure.pk}
        for key, value in extra.items():
            kwargs[key] = value(world, side) if callable(value) else value
        return kwargs

    return build


def _area(world, side):
    return getattr(world, f"{side}_cycle").areas().order_by("number").first().pk


ORG_URLS = {
    "testing_gutachten:index": None,
    "testing_gutachten:detail": pk("procedure"),
    "testing_gutachten:start": pk("procedure"),
    "testing_gutachten:part": _with(key="a"),
    "testing_gutachten:area": _with(area_pk=_area),
    "testing_gutachten:goals": pk("procedure"),
    "testing_gutachten:selfreport": pk("procedure"),
    "testing_gutachten:submission_file": pk("procedure"),
    "testing_gutachten:comment_add": pk("procedure"),
    "testing_gutachten:comment_delete": _with(comment_pk=1),
    "testing_gutachten:hand_over": pk("procedure"),
    "testing_gutachten:check": pk("procedure"),
    "testing_gutachten:export": _with(fmt="pdf"),
}


def populate(world, side, org, people):
    """Nothing of its own: the procedure comes from tests/testing/isolation.py."""
