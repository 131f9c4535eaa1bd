from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gelingen.accounts.models import User
from gelingen.testing.models import Procedure
from gelingen.testing.visits.models import Visit, Workshop
from gelingen.testing.visits.workshops import first_stocktaking

pytestmark = pytest.mark.django_db


def test_demo_has_a_visit_with_protocol_and_both_workshops_once(client):
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", "--reset", stdout=StringIO())  # seeds again: no duplicates
    visit = Visit.objects.get()
    assert visit.procedure.organisation.slug == "lebenshilfe-werkstatt-ost"
    assert visit.procedure.status == Procedure.Status.VISITED and visit.on == visit.procedure.visit_on
    assert visit.is_submitted and visit.findings.count() == 2
    assert all(f.met for f in visit.findings.all())  # the officer may decide "Testat empfohlen"
    intro = Workshop.objects.get(cycle__organisation__slug="suchtberatung-nordstadt")
    assert intro.kind == Workshop.Kind.INTRO and intro.held_on is not None
    assert first_stocktaking(intro.cycle) is not None
    follow_up = Workshop.objects.get(cycle__organisation__slug="jugendhilfe-am-fluss")
    assert (
        follow_up.kind == Workshop.Kind.FOLLOW_UP
        and follow_up.chosen_by_organisation
        and not follow_up.held_on
    )

    reviewer = User.objects.get(email="gutachterin@testierung-nord.example")
    client.force_login(reviewer)
    page = client.get(reverse("visits:index", args=["testierungsstelle-nord"])).content.decode()
    assert "Lebenshilfe Werkstatt Ost gGmbH" in page and "Jugendhilfe Am Fluss gGmbH" in page
    assert (
        client.get(reverse("visits:visit", args=["testierungsstelle-nord", visit.procedure_id])).status_code
        == 200
    )
    client.force_login(User.objects.get(email="qm@jugendhilfe-am-fluss.example"))
    page = client.get(
        reverse("visits:workshop", args=["jugendhilfe-am-fluss", follow_up.cycle_id])
    ).content.decode()
    assert "Folgeworkshop" in page and "von der Organisation gewählt" in page
