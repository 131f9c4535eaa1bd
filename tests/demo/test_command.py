import subprocess
from io import StringIO
from pathlib import Path
from shutil import which

import pytest
from django.conf import settings
from django.core.management import call_command

from demo import accounts
from gelingen.accounts.models import Grant, Membership, Organisation, User
from gelingen.quality.models import Assessment, Cycle
from gelingen.selfreport.models import Submission
from tests.conftest import CATALOGUE_FILE

pytestmark = pytest.mark.django_db

QM_EMAIL = "qm@suchtberatung-nordstadt.example"


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_creates_organisations_people_and_work_and_prints_logins():
    text = _demo("--password", "demo-passwort-123")
    assert QM_EMAIL in text and "demo-passwort-123" in text
    # the two organisations with logins, plus four login-less ones of the testing demo (demo/testing.py)
    assert Organisation.objects.filter(kind="service", slug__in=accounts.SLUGS).count() == 2
    assert Organisation.objects.filter(kind="service").count() == 6
    assert Organisation.objects.filter(kind="testing_body").count() == 1
    nordstadt = Organisation.objects.get(name="Suchtberatung Nordstadt e.V.")
    roles = set(Membership.objects.filter(organisation=nordstadt).values_list("role", flat=True))
    assert {"leitung", "qm", "staff"} <= roles
    assert set(
        Membership.objects.filter(organisation__kind="testing_body").values_list("role", flat=True)
    ) == {"officer", "reviewer"}
    # Am Fluss also has the cycle of its first testing four years ago (basis of its re-testing report)
    assert Cycle.objects.filter(organisation__slug__in=accounts.SLUGS).count() == 3
    assert Cycle.objects.filter(organisation__name="Jugendhilfe Am Fluss gGmbH", kind="retest").count() == 1
    cycle = Cycle.objects.get(organisation=nordstadt)
    statuses = set(cycle.assessments.values_list("status", flat=True))
    assert statuses == {"done", "practice", "missing", "open"}  # partly assessed
    assert User.objects.get(email=QM_EMAIL).check_password("demo-passwort-123")
    assert Assessment.objects.filter(cycle=cycle).count() == 71
    # Am Fluss's historic submission is shared read-only with the testing body, the submissions under
    # review with their reviewers (demo/gutachten.py)
    reviewer = User.objects.get(email="gutachterin@testierung-nord.example")
    grants = sorted(Grant.objects.active().reaching(reviewer), key=lambda g: g.owner.slug)
    assert [g.owner.slug for g in grants] == [
        "familienzentrum-am-hafen",
        "jugendhilfe-am-fluss",
        "schuldnerberatung-am-markt",
    ]
    assert all(g.permission == "view" and isinstance(g.target, Submission) for g in grants)


def test_demo_random_password_is_printed():
    text = _demo()
    password = text.strip().splitlines()[-1].split(": ", 1)[1]
    assert User.objects.get(email="leitung@suchtberatung-nordstadt.example").check_password(password)


def test_second_run_keeps_what_the_user_changed():
    """`make run` twice: the demo is created once, then left alone."""
    _demo("--password", "demo-passwort-123")
    nordstadt = Organisation.objects.get(slug="suchtberatung-nordstadt")
    nordstadt.street, nordstadt.city = "Neue Straße 5", "Langenhagen"
    nordstadt.save()
    qm = User.objects.get(email=QM_EMAIL)
    qm.set_password("mein-eigenes-passwort")
    qm.save()
    Membership.objects.filter(user__email="team@suchtberatung-nordstadt.example").update(role="readonly")
    User.objects.filter(email="leitung@suchtberatung-nordstadt.example").update(
        email="chefin@nordstadt.example"
    )
    assessments, users = Assessment.objects.count(), User.objects.count()

    # the steps of the second `make run`: catalogue (skipped when imported) and demo
    call_command("catalogue_import", str(CATALOGUE_FILE), "--skip-existing", stdout=StringIO())
    text = _demo("--password", "anderes-passwort-456")

    nordstadt.refresh_from_db()
    assert (nordstadt.street, nordstadt.city) == ("Neue Straße 5", "Langenhagen")
    assert User.objects.get(email=QM_EMAIL).check_password("mein-eigenes-passwort")
    assert Membership.objects.get(user__email="team@suchtberatung-nordstadt.example").role == "readonly"
    assert Assessment.objects.count() == assessments and User.objects.count() == users
    assert not User.objects.filter(email="leitung@suchtberatung-nordstadt.example").exists()
    assert Membership.objects.get(user__email="chefin@nordstadt.example").role == "leitung"
    assert "unverändert" in text and QM_EMAIL in text
    assert "anderes-passwort-456" not in text and "demo-passwort-123" not in text
    assert "--password gilt nur beim Anlegen" in text


def test_reset_sets_master_data_and_passwords_back_but_keeps_the_work():
    _demo("--password", "demo-passwort-123")
    Organisation.objects.filter(slug="suchtberatung-nordstadt").update(street="Neue Straße 5")
    row = Assessment.objects.filter(cycle__organisation__slug="suchtberatung-nordstadt").first()
    row.note = "eigene Notiz"
    row.save()
    counts = (Cycle.objects.count(), Assessment.objects.count(), User.objects.count())

    text = _demo("--reset", "--password", "neues-passwort-789")

    assert Organisation.objects.get(slug="suchtberatung-nordstadt").street == "Lindenallee 12"
    assert User.objects.get(email=QM_EMAIL).check_password("neues-passwort-789")
    assert "neues-passwort-789" in text
    row.refresh_from_db()
    assert row.note == "eigene Notiz"
    assert (Cycle.objects.count(), Assessment.objects.count(), User.objects.count()) == counts


@pytest.mark.skipif(which("make") is None, reason="make is not installed")
def test_make_run_host_sets_the_address_of_links(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    root = Path(settings.BASE_DIR)

    def run_line(*args: str) -> str:
        command = ["make", "-n", "-s", "run", *args]  # a dry run: prints the commands only
        out = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True).stdout  # noqa: S603
        return next(line for line in out.splitlines() if "runserver" in line)

    line = run_line("HOST=192.0.2.10:8080")
    assert 'SITE_URL="http://192.0.2.10:8080"' in line and "192.0.2.10" in line.split("ALLOWED_HOSTS=")[1]
    assert 'SITE_URL="https://gelingen.example"' in run_line(
        "HOST=192.0.2.10:8080", "SITE_URL=https://gelingen.example"
    )
