"""Every organisation-scoped URL: strangers get 404, read-only members get 403 on writes. Every page
opened through a grant: owner, granted party and stranger (three parties).

The registry must name every URL that takes an organisation; a new view that is not listed fails
`test_every_org_url_is_covered`, so isolation is checked from the first commit. Apps contribute
their part in `tests/<app>/isolation.py`:

    from tests.isolation import pk
    ORG_URLS = {"evidence:detail": pk("evidence"), "evidence:list": None}
    def populate(world, side, org, people): ...   # sets world.<side>_evidence for side "a" and "b"

`people` maps "qm", "staff" to members of that organisation; world.<side>_cycle is that
organisation's KQS cycle. A URL whose view takes no object maps to None.

Pages outside /o/ that open one object through `accounts.access.granted_view` are listed in
GRANTED_URLS of the same module, built with `tests.isolation.granted("<object name>", **kwargs)`:
organisation A shares world.a_<object> with the testing body T; B is the stranger.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from gelingen.accounts import grants
from gelingen.accounts.models import Grant, Invitation, Membership, Organisation
from gelingen.accounts.roles import OFFICER, READONLY, REVIEWER, STAFF
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
    "organisation_grants": NO_OBJECT,
    "grant_revoke": pk("grant"),
}
GRANTED_URLS: dict = {}


ISOLATION_MODULES = [
    importlib.import_module(f"tests.{m.name}.isolation")
    for m in pkgutil.iter_modules([str(Path(__file__).parent)])
    if m.ispkg and (Path(__file__).parent / m.name / "isolation.py").exists()
]
for _module in ISOLATION_MODULES:
    ORG_URLS.update(_module.ORG_URLS)
    GRANTED_URLS.update(getattr(_module, "GRANTED_URLS", {}))


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
def world(org_a, org_b, kqs, qm_a, reader_a, qm_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    body = Organisation.objects.create(name="Testierungsstelle Test", slug="pruef", kind="testing_body")
    w = SimpleNamespace(org_a=org_a, org_b=org_b, body=body)
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
        setattr(w, f"{side}_grant", grants.share(cycle, by=manager, grantee_organisation=body))
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


# Granted access: owner, granted party, stranger ---------------------------------------------------


def _granted_url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            names |= _granted_url_names(
                p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace
            )
        elif getattr(p.callback, "granted_access", None) is not None:
            names.add(f"{namespace}{p.name}")
    return names


def _access(name: str, world):
    return resolve(granted_url(name, world)).func.granted_access


def granted_url(name: str, world, side: str = "a") -> str:
    return reverse(name, kwargs=GRANTED_URLS[name](world, side))


@pytest.fixture
def shared(world, qm_a):
    """T's people: an officer, a reviewer and a read-only member; A's objects shared with T to read."""
    people = SimpleNamespace(
        officer=add_member(world.body, OFFICER),
        reviewer=add_member(world.body, REVIEWER),
        reader=add_member(world.body, READONLY),
    )
    names = {builder.object_name for builder in GRANTED_URLS.values()}
    people.grants = {
        obj: grants.share(getattr(world, f"a_{obj}"), by=qm_a, grantee_organisation=world.body)
        for obj in names
    }
    return people


def test_every_granted_url_is_covered():
    assert _granted_url_names() == set(GRANTED_URLS)
    assert not set(GRANTED_URLS) & _org_url_names()


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_owner_members_open_granted_pages_with_their_usual_levels(
    client, world, shared, qm_a, reader_a, name
):
    url = granted_url(name, world)
    client.force_login(qm_a)
    assert client.get(url).status_code == 200
    client.force_login(reader_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_granted_party_reads_and_may_not_write_beyond_its_permission(client, world, shared, name):
    url = granted_url(name, world)
    for person in (shared.officer, shared.reviewer, shared.reader):
        client.force_login(person)
        assert client.get(url).status_code == 200
        assert client.post(url, {}).status_code == 403  # a read grant never writes
    access = _access(name, world)
    if access.write:  # with the write permission the write goes through
        obj = getattr(world, f"a_{GRANTED_URLS[name].object_name}")
        grants.share(
            obj, by=world.a_grant.granted_by, grantee_organisation=world.body, permission=access.write
        )
        client.force_login(shared.reviewer)
        assert client.post(url, {}).status_code not in (403, 404)


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_stranger_and_grantee_of_other_objects_get_404(client, world, shared, qm_b, qm_a, name):
    url = granted_url(name, world)
    client.force_login(qm_b)  # member of B, which has no grant
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    # T holds a grant on A's object, not on B's
    client.force_login(shared.officer)
    assert client.get(granted_url(name, world, "b")).status_code == 404


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_anonymous_is_sent_to_login_from_granted_pages(client, world, shared, name):
    response = client.get(granted_url(name, world))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_revoked_or_expired_grants_open_nothing(client, world, shared, qm_a, name):
    url = granted_url(name, world)
    grant = shared.grants[GRANTED_URLS[name].object_name]
    client.force_login(shared.reviewer)
    assert client.get(url).status_code == 200
    grants.revoke(grant, by=qm_a)
    assert client.get(url).status_code == 404
    obj = getattr(world, f"a_{GRANTED_URLS[name].object_name}")
    expired = Grant.objects.create(
        owner=world.org_a,
        grantee_organisation=world.body,
        target=obj,
        title="abgelaufen",
        granted_by=qm_a,
        valid_until=date(2020, 12, 31),
    )
    assert client.get(url).status_code == 404
    assert not expired.is_active


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_a_grant_to_one_person_reaches_only_that_person(client, world, shared, qm_b, name):
    obj = getattr(world, f"b_{GRANTED_URLS[name].object_name}")
    outsider = add_member(Organisation.objects.create(name="Partner", slug="partner"), STAFF)
    grants.share(obj, by=qm_b, grantee_user=outsider)
    url = granted_url(name, world, "b")
    client.force_login(outsider)
    assert client.get(url).status_code == 200
    client.force_login(shared.officer)
    assert client.get(url).status_code == 404
