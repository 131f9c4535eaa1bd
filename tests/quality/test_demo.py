from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.accounts.models import Membership, Organisation, User
from gelingen.quality.models import Assessment, Cycle

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_prints_logins():
    out = StringIO()
    call_command("demo", "--password", "demo-passwort-123", stdout=out)
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    text = out.getvalue()
    assert "qm@suchtberatung-nordstadt.example" in text and "demo-passwort-123" in text
    assert Organisation.objects.filter(kind="service").count() == 2
    assert Organisation.objects.filter(kind="testing_body").count() == 1
    nordstadt = Organisation.objects.get(name="Suchtberatung Nordstadt e.V.")
    roles = set(Membership.objects.filter(organisation=nordstadt).values_list("role", flat=True))
    assert {"leitung", "qm", "staff"} <= roles
    assert set(
        Membership.objects.filter(organisation__kind="testing_body").values_list("role", flat=True)
    ) == {"officer", "reviewer"}
    # Am Fluss also has the cycle of its first testing four years ago (basis of its re-testing report)
    assert Cycle.objects.count() == 3
    assert Cycle.objects.filter(organisation__name="Jugendhilfe Am Fluss gGmbH", kind="retest").count() == 1
    cycle = Cycle.objects.get(organisation=nordstadt)
    statuses = set(cycle.assessments.values_list("status", flat=True))
    assert statuses == {"done", "practice", "missing", "open"}  # partly assessed
    assert User.objects.get(email="qm@suchtberatung-nordstadt.example").check_password("demo-passwort-123")
    assert Assessment.objects.filter(cycle=cycle).count() == 71


def test_demo_random_password_is_printed():
    out = StringIO()
    call_command("demo", stdout=out)
    password = out.getvalue().strip().splitlines()[-1].split(": ", 1)[1]
    assert User.objects.get(email="leitung@suchtberatung-nordstadt.example").check_password(password)
