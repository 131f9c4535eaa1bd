from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gelingen.accounts.models import User
from gelingen.testing.models import Procedure

pytestmark = pytest.mark.django_db


def test_demo_shows_procedures_in_several_states_once(client):
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    statuses = dict(Procedure.objects.values_list("organisation__slug", "status"))
    assert statuses == {
        "suchtberatung-nordstadt": "confirmed",
        "jugendhilfe-am-fluss": "certified",
        "frauenberatung-suedstadt": "registered",
        "schuldnerberatung-am-markt": "submitted",
        "lebenshilfe-werkstatt-ost": "visited",
        "familienzentrum-am-hafen": "submitted",
    }
    certified = Procedure.objects.get(status="certified")
    assert certified.testat_on == certified.workshop_held_on and certified.valid_until
    assert certified.next_due is not None  # the re-testing registration is due
    call_command("demo", stdout=StringIO())
    assert Procedure.objects.count() == 6
    officer = User.objects.get(email="sachbearbeitung@testierung-nord.example")
    client.force_login(officer)
    page = client.get(reverse("testing:list", args=["testierungsstelle-nord"])).content.decode()
    assert "Lebenshilfe Werkstatt Ost gGmbH" in page and 'href="/o/testierungsstelle-nord/testing/"' in page
    for procedure in Procedure.objects.all():
        assert client.get(procedure.body_url()).status_code == 200
    client.force_login(User.objects.get(email="qm@jugendhilfe-am-fluss.example"))
    page = client.get(reverse("testing:list", args=["jugendhilfe-am-fluss"])).content.decode()
    assert "Anmeldung zur Retestierung" in page
