"""Re-testing in the browser: the demo reviewer rates the goals Am Fluss agreed at its last Testat in part
C of the Gutachten (a partial rating without Auflage is refused), and Am Fluss sees the same goals as extra
requirements above its self-assessment. No axe-core violations, nothing wider than 390 px."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e
BODY = "testierungsstelle-nord"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _retest_gutachten():
    """Am Fluss's re-testing cycle under review by the demo reviewer (written directly: the browser part
    is what this test is about; registration and assignment have their own tests)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from demo.gutachten import _submission
    from gelingen.accounts.models import Organisation, User
    from gelingen.quality.models import Cycle
    from gelingen.testing.gutachten import rules
    from gelingen.testing.models import Procedure
    from gelingen.testing.reviewers.models import Assignment

    org = Organisation.objects.get(slug="jugendhilfe-am-fluss")
    body = Organisation.objects.get(slug=BODY)
    qm = User.objects.get(email="qm@jugendhilfe-am-fluss.example")
    reviewer = User.objects.get(email="gutachterin@testierung-nord.example")
    cycle = Cycle.objects.get(organisation=org, kind=Cycle.Kind.RETEST)
    procedure = Procedure.objects.filter(cycle=cycle).first() or Procedure.objects.create(
        organisation=org,
        testing_body=body,
        cycle=cycle,
        registered_by=qm,
        registered_at=timezone.now() - timedelta(days=90),
    )
    Procedure.objects.filter(pk=procedure.pk).update(
        kind=Procedure.Kind.RETEST, status=Procedure.Status.SUBMITTED, submitted_on=timezone.localdate()
    )
    procedure.refresh_from_db()
    Assignment.objects.filter(procedure=procedure).delete()
    Assignment.objects.create(
        procedure=procedure,
        reviewer=reviewer,
        role=Assignment.Role.FIRST,
        assigned_by=reviewer,
        notified_on=date.today(),
    )
    _submission(procedure, qm)
    gutachten = rules.start(procedure, reviewer)
    assert len(rules.agreed_goals(procedure)) == 3
    return gutachten


def test_reviewer_rates_the_agreed_goals(page, demo):
    from gelingen.testing.gutachten.models import GoalRating

    gutachten = _retest_gutachten()
    login(page, "gutachterin@testierung-nord.example")
    page.goto(f"/o/{BODY}/gutachten/{gutachten.procedure_id}/")
    page.get_by_role("link", name="Vereinbarte strategische Ziele").click()
    page.get_by_role("heading", name="Vereinbarte strategische Ziele").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("group", name="Bewertung Ziel 1").get_by_label("erfüllt", exact=True).check()
    page.get_by_role("group", name="Bewertung Ziel 2").get_by_label("teilweise erfüllt").check()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("formulieren Sie bitte die Auflage").first.wait_for()  # refused: no Auflage
    assert axe_violations(page) == []
    assert not GoalRating.objects.exists()
    page.get_by_label("Auflage zu Ziel 2").fill("Die Beteiligung wird bis zur Visitation belegt.")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Gespeichert: die vereinbarten strategischen Ziele").wait_for()
    assert axe_violations(page) == []
    assert sorted(GoalRating.objects.values_list("value", flat=True)) == ["met", "partly"]
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)
    page.goto(f"/o/{BODY}/gutachten/{gutachten.procedure_id}/")
    assert fits(page)


def test_self_assessment_lists_the_agreed_goals(page, demo):
    from gelingen.quality.models import Cycle

    cycle = Cycle.objects.get(organisation__slug="jugendhilfe-am-fluss", kind=Cycle.Kind.RETEST)
    login(page, "qm@jugendhilfe-am-fluss.example")
    page.goto(f"/o/jugendhilfe-am-fluss/cycles/{cycle.pk}/")
    page.get_by_role("heading", name="Zusätzliche Anforderungen: vereinbarte strategische Ziele").wait_for()
    page.get_by_role("link", name="Bericht dazu im Selbstreport, Kapitel 12a").wait_for()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)  # the whole self-assessment page, its filter row included
