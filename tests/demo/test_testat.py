"""Demo: Am Fluss holds a Testat with a number, agreed goals signed by both sides, and its re-testing
Selbstreport reports in 12a on exactly these goals; the public page shows only the validity."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gelingen.selfreport.models import SelfReport
from gelingen.testing.testat import goals
from gelingen.testing.testat.models import Goal, Testat

pytestmark = pytest.mark.django_db


def test_demo_testat_with_agreed_goals_and_12a(client):
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # a second run adds nothing
    testat = Testat.objects.get()
    procedure = testat.procedure
    assert testat.organisation.slug == "jugendhilfe-am-fluss" and testat.status() == Testat.Status.VALID
    assert testat.testat_on == procedure.workshop_held_on and testat.valid_until == procedure.valid_until
    titles = list(Goal.objects.filter(procedure=procedure).values_list("title", flat=True))
    assert len(titles) == 3 and goals.is_complete(procedure)
    report = SelfReport.objects.get(cycle__organisation=testat.organisation, cycle__kind="retest")
    reported = list(report.chapters.get(key="qb12a").goal_reports.values_list("goal", flat=True))
    assert reported == titles

    response = client.get(reverse("testat_public:verify", args=[testat.number]))
    assert response.status_code == 200 and "Jugendhilfe Am Fluss gGmbH" in response.text
    for personal in (
        "Murat Demir",
        "Sabine Wolff",
        "Ulrike Sommer",
        "post@jugendhilfe-am-fluss.example",
        "05121 555 300",
        "Uferweg",
        "Testierungsstelle",
    ):
        assert personal not in response.text
