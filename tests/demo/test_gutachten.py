"""The demo: the reviewer's Gutachten in progress on the procedure under review, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.auflagen import auflagen_for_visit
from gelingen.testing.gutachten.models import Gutachten, MarginComment, Rating
from gelingen.testing.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_reviewer_has_a_gutachten_in_progress_and_the_visited_procedure_a_sent_one_once():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", "--reset", "--password", "demo-passwort-123", stdout=StringIO())
    gutachten, sent, checking = Gutachten.objects.order_by("status")  # "draft" < "released" < "second_check"
    assert sent.status == Gutachten.Status.RELEASED
    assert sent.procedure.organisation.name == "Lebenshilfe Werkstatt Ost gGmbH"
    assert sent.released_on == sent.procedure.gutachten_sent_on
    assert rules.progress(sent).outcome == sent.procedure.outcome == "auflagen"
    assert [(area[:3], text[:15]) for _key, area, _req, text in auflagen_for_visit(sent.procedure)] == [
        ("QB3", "Die Werkstatt b"),
        ("QB7", "Die Werkstatt l"),
    ]
    assert gutachten.status == Gutachten.Status.DRAFT
    assert gutachten.author.email == "gutachterin@testierung-nord.example"
    assert gutachten.procedure.organisation.name == "Schuldnerberatung Am Markt"
    assert gutachten.submission.content["chapters"]  # built on a frozen submission with text
    done = rules.progress(gutachten)
    assert 0 < done.rated < done.total and done.auflagen == 1
    (partly,) = Rating.objects.filter(review__gutachten=gutachten).exclude(value=Rating.Value.MET)
    assert partly.value == Rating.Value.PARTLY and partly.auflage
    assert MarginComment.objects.filter(gutachten=gutachten).count() == 2
    assert gutachten.submission.pdf.read(4) == b"%PDF"
    # the harbour family centre's Gutachten waits for the demo reviewer's second check
    assert checking.status == Gutachten.Status.SECOND_CHECK
    assert checking.procedure.organisation.name == "Familienzentrum Am Hafen e.V."
    assert checking.author.email == "gutachter@testierung-nord.example"
    assert checking.checker.email == "gutachterin@testierung-nord.example"
    assert rules.progress(checking).complete and rules.handover_problems(checking) == []
    assert list(checking.events.values_list("action", flat=True)) == ["handed_over"]
    assert Notification.objects.filter(user=checking.checker, procedure=checking.procedure).count() == 1
