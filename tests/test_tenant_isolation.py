"""Every organisation-scoped URL: strangers get 404, read-only members get 403 on writes.

The registry must name every URL that takes an organisation; a new view that is not listed fails
`test_every_org_url_is_covered`, so isolation is checked from the first commit. Apps contribute
their part in `tests/<app>/isolation.py`:

    from tests.isolation import pk
    ORG_URLS = {"evidence:detail": pk("evidence"), "evidence:list": None}
    def populate(world, side, org, people): ...   # sets world.<side>_evidence for side "a" and "b"

`people` maps "qm", "staff" to members of that organisation; world.<side>_cycle is that
organisation's KQS cycle. A URL whose view takes no object maps to None.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gelingen.accounts.models import Invitation, Membership
from gelingen.accounts.roles import STAFF
from tests.conftest import add_member, make_cycle
from tests.isolation import pk

pytestmark = pytest.mark.django_db


NO_OBJECT = None

ORG_URLS = {
    "dashboard": NO_OBJECT,
    "organisation_settings": NO_OBJECT,
    "members": NO_OBJECT,
    "member_edit": pk("membership"),
    "invitation_revoke": pk("invitation"),
    "quality:cycle_list": NO_OBJECT,
    "quality:current_assessment": NO_OBJECT,
    "quality:cycle_create": NO_OBJECT,
    "quality:cycle_edit": pk("cycle"),
    "quality:assessment": pk("cycle"),
    "quality:assessment_csv": pk("cycle"),
    "quality:assessment_update": pk("cycle", row="row"),
    "quality:assessment_history": pk("cycle", row="row"),
}


ISOLATION_MODULES = [
    importlib.import_module(f"tests.{m.name}.isolation")
    for m in pkgutil.iter_modules([str(Path(__file__).parent)])
    if m.ispkg and (Path(__file__).parent / m.name / "isolation.py").exists()
]
for _module in ISOLATION_MODULES:
    ORG_URLS.update(_module.ORG_URLS)


def _org_url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if "<slug:org>" in str(p.pattern):
                names |= set(_all_names(p.url_patterns, inner))
            else:
                names |= _org_url_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name and "<slug:org>" in str(p.pattern):
            names.add(f"{namespace}{p.name}")
    return names


def _all_names(patterns, namespace) -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= _all_names(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif p.name:
            names.add(f"{namespace}{p.name}")
    return names


@pytest.fixture
def world(org_a, org_b, kqs, qm_a, reader_a, qm_b):
    w = SimpleNamespace(org_a=org_a, org_b=org_b)
    for side, org, manager in (("a", org_a, qm_a), ("b", org_b, qm_b)):
        staff = add_member(org, STAFF)
        cycle = make_cycle(org, kqs)
        setattr(w, f"{side}_membership", Membership.objects.get(user=staff, organisation=org))
        setattr(w, f"{side}_invitation", Invitation.issue(org, f"neu@{org.slug}.example", STAFF, manager)[0])
        setattr(w, f"{side}_cycle", cycle)
        setattr(w, f"{side}_row", cycle.assessments.first())
        people = {"qm": manager, "staff": staff}
        for module in ISOLATION_MODULES:
            module.populate(w, side, org, people)
    return w


def url_for(name: str, world, org_side: str, object_side: str) -> str:
    org = getattr(world, f"org_{org_side}")
    builder = ORG_URLS[name]
    kwargs = builder(world, object_side) if builder else {}
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def test_every_org_url_is_covered():
    assert _org_url_names() == set(ORG_URLS)


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_other_organisation_answers_404(client, world, qm_a, name):
    client.force_login(qm_a)
    url = url_for(name, world, "b", "b")
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, b in ORG_URLS.items() if b))
def test_objects_of_another_organisation_answer_404_inside_own(client, world, qm_a, name):
    client.force_login(qm_a)
    url = url_for(name, world, "a", "b")
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_read_only_member_cannot_write(client, world, reader_a, name):
    client.force_login(reader_a)
    url = url_for(name, world, "a", "a")
    assert client.post(url, {"status": "done", "role": "qm", "remove": "1", "name": "x"}).status_code == 403


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(url_for(name, world, "a", "a"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_post_without_csrf_token_is_refused(world, qm_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(qm_a)
    url = url_for("quality:assessment_update", world, "a", "a")
    assert client.post(url, {"status": "done"}).status_code == 403
