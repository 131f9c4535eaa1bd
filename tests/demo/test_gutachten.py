"""The demo: the reviewer's Gutachten in progress on the procedure under review, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from gelingen.testing.gutachten import rules
from gelingen.testing.gutachten.models import Gutachten, MarginComment, Rating

pytestmark = pytest.mark.django_db


def test_demo_reviewer_has_a_gutachten_in_progress_once():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    call_command("demo", "--reset", "--password", "demo-passwort-123", stdout=StringIO())
    (gutachten,) = Gutachten.objects.all()
    assert gutachten.status == Gutachten.Status.DRAFT
    assert gutachten.author.email == "gutachterin@testierung-nord.example"
    assert gutachten.procedure.organisation.name == "Schuldnerberatung Am Markt"
    assert gutachten.submission.content["chapters"]  # built on a frozen submission with text
    done = rules.progress(gutachten)
    assert 0 < done.rated < done.total and done.auflagen == 1
    (partly,) = Rating.objects.exclude(value=Rating.Value.MET)
    assert partly.value == Rating.Value.PARTLY and partly.auflage
    assert MarginComment.objects.filter(gutachten=gutachten).count() == 2
    assert gutachten.submission.pdf.read(4) == b"%PDF"
