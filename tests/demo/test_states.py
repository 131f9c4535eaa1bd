"""The demo shows the procedure states the issue asks for, each reachable from the list pages of the
people who work on it: the testing body's officer, the reviewers and the two demo organisations."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gelingen.accounts.models import User
from gelingen.testing.gutachten.models import Gutachten
from gelingen.testing.models import Procedure

pytestmark = pytest.mark.django_db
BODY = "testierungsstelle-nord"


def _page(client, email: str, name: str, slug: str) -> str:
    client.force_login(User.objects.get(email=email))
    response = client.get(reverse(name, args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_required_state_exists_and_is_linked_from_the_lists(client):
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    registered = Procedure.objects.get(status=Procedure.Status.REGISTERED)
    checking = Gutachten.objects.get(status=Gutachten.Status.SECOND_CHECK).procedure
    auflagen = Procedure.objects.get(status=Procedure.Status.VISITED, outcome=Procedure.Outcome.AUFLAGEN)
    certified = Procedure.objects.get(status=Procedure.Status.CERTIFIED)
    assert certified.testat_issued_on and certified.next_due is not None  # re-testing registration due
    nordstadt = Procedure.objects.get(organisation__slug="suchtberatung-nordstadt")

    officer = _page(client, "sachbearbeitung@testierung-nord.example", "testing:list", BODY)
    for procedure in (registered, checking, auflagen, certified, nordstadt):
        assert f'href="{procedure.body_url()}"' in officer, procedure

    def reviewer_link(procedure: Procedure) -> str:
        return 'href="{}"'.format(reverse("testing_reviewers:my_procedure", args=[BODY, procedure.pk]))

    albers = _page(client, "gutachterin@testierung-nord.example", "testing_reviewers:my_procedures", BODY)
    assert reviewer_link(checking) in albers and "Zweitbegutachtung des Gutachtens" in albers
    ohlsen = _page(client, "gutachter@testierung-nord.example", "testing_reviewers:my_procedures", BODY)
    assert reviewer_link(checking) in ohlsen
    client.force_login(User.objects.get(email="gutachterin@testierung-nord.example"))
    assert client.get(reverse("testing_reviewers:my_procedure", args=[BODY, checking.pk])).status_code == 200

    for slug, procedure in (("suchtberatung-nordstadt", nordstadt), ("jugendhilfe-am-fluss", certified)):
        page = _page(client, f"qm@{slug}.example", "testing:list", slug)
        assert f'href="{procedure.get_absolute_url()}"' in page
        assert client.get(procedure.get_absolute_url()).status_code == 200
