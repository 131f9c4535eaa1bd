"""Shared fixtures: a small world of organisations, people in every role, the KQS catalogue."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from gelingen.accounts.models import Membership, Organisation, User
from gelingen.accounts.roles import LEITUNG, QM, READONLY, STAFF
from gelingen.catalogue import parse
from gelingen.catalogue.transfer import import_catalogue
from gelingen.quality.models import Cycle
from gelingen.selfreport.submission import purge

CATALOGUE_FILE = Path(django_settings.BASE_DIR) / "catalogues" / "kqs-3.yaml"
_parsed: dict = {}


@pytest.fixture(autouse=True)
def _purge_submissions_before_flush(request):
    """Transactional tests end with a flush, which on SQLite is a DELETE the submission triggers refuse.

    Submissions are removed the one deliberate way (selfreport.submission.purge) before the flush runs.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so torn down (flushed) after this
    yield
    for organisation in Organisation.objects.all():
        purge(organisation)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: rolled-back rows reuse primary keys, and cached entries
    (e.g. the header's recent organisations per person) must not reach the next test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def catalogue_data() -> dict:
    """The shipped catalogue, parsed once per test run (a fresh copy each time)."""
    if "kqs" not in _parsed:
        _parsed["kqs"] = parse.load(CATALOGUE_FILE.read_text(encoding="utf-8"), str(CATALOGUE_FILE))
    return copy.deepcopy(_parsed["kqs"])


def synthetic_catalogue(n_requirements: int, code: str = "synth", areas: int = 5) -> dict:
    """A valid catalogue of any size, for query-bound tests."""
    per_area = n_requirements // areas
    return {
        "format": parse.FORMAT,
        "code": code,
        "version": str(n_requirements),
        "name": f"Synthetisch {n_requirements}",
        "name_en": "",
        "licence_note": "",
        "licence_note_en": "",
        "areas": [
            {
                "number": a + 1,
                "name": f"Bereich {a + 1}",
                "name_en": "",
                "definition": "",
                "definition_en": "",
                "optional": False,
                "specifications_assessed": False,
                "specifications": [],
                "requirements": [
                    {
                        "code": f"B{a + 1}.{i + 1}",
                        "text": f"Anforderung {a + 1}.{i + 1}",
                        "text_en": "",
                        "explanation": "",
                        "explanation_en": "",
                        "generic": "",
                        "evidence_examples": [],
                    }
                    for i in range(per_area)
                ],
            }
            for a in range(areas)
        ],
    }


@pytest.fixture
def kqs(db):
    return import_catalogue(catalogue_data())


def make_user(email: str, name: str | None = None, password: str = "ein-sicheres-passwort") -> User:
    return User.objects.create_user(email, password, name=name or email.split("@")[0].title())


def add_member(org: Organisation, role: str, email: str | None = None) -> User:
    user = make_user(email or f"{role}@{org.slug}.example")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def org_a(db):
    return Organisation.objects.create(
        name="Suchtberatung Alpha e.V.", slug="alpha", street="Hauptstr. 1", postcode="10115", city="Berlin"
    )


@pytest.fixture
def org_b(db):
    return Organisation.objects.create(name="Jugendhilfe Beta gGmbH", slug="beta")


@pytest.fixture
def qm_a(org_a):
    return add_member(org_a, QM)


@pytest.fixture
def leitung_a(org_a):
    return add_member(org_a, LEITUNG)


@pytest.fixture
def staff_a(org_a):
    return add_member(org_a, STAFF)


@pytest.fixture
def reader_a(org_a):
    return add_member(org_a, READONLY)


@pytest.fixture
def qm_b(org_b):
    return add_member(org_b, QM)


def make_cycle(org: Organisation, model, **kwargs) -> Cycle:
    cycle = Cycle.objects.create(
        organisation=org,
        model=model,
        title=kwargs.pop("title", "Ersttestierung"),
        start_date=kwargs.pop("start_date", date(2026, 1, 1)),
        target_date=kwargs.pop("target_date", date(2027, 1, 31)),
        **kwargs,
    )
    cycle.sync_assessments()
    return cycle


@pytest.fixture
def cycle_a(org_a, kqs):
    return make_cycle(org_a, kqs)


@pytest.fixture
def cycle_b(org_b, kqs):
    return make_cycle(org_b, kqs, title="Beta-Zyklus")


@pytest.fixture
def client_qm(client, qm_a):
    client.force_login(qm_a)
    return client


@pytest.fixture
def client_reader(client, reader_a):
    client.force_login(reader_a)
    return client
