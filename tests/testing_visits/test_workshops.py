"""The introductory workshop (first testing, planned by the testing body) and the follow-up workshop
(re-testing, the organisation chooses the moderator from the accredited pool); recording the result
records the first stock-taking; moderating is no conflict of interest."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from gelingen.quality.models import Assessment
from gelingen.testing.models import Procedure
from gelingen.testing.reviewers.models import ConflictOfInterest
from gelingen.testing.transitions import advance
from gelingen.testing.visits import workshops
from gelingen.testing.visits.models import Workshop
from tests.conftest import make_cycle
from tests.testing.conftest import make_procedure
from tests.testing_reviewers.factories import make_conflict, make_profile

S = Procedure.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(procedure, officer):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    return procedure


@pytest.fixture
def moderator(body, kqs):
    return make_profile(body, "moderation@tnord.example", model=kqs)


def plan(**extra):
    return {
        "on": "2025-02-20",
        "hours": "4",
        "format": "digital",
        "call_on": "2025-02-10",
        "participants": "alle Mitarbeitenden\nSteuerungsgruppe",
        "lock_version": "0",
        **extra,
    }


def wurl(name, org, cycle):
    return reverse(f"visits:{name}", args=[org.slug, cycle.pk])


def test_officer_plans_the_intro_workshop_and_the_moderator_records_the_result(
    client, confirmed, officer, body, moderator, org_a, qm_a
):
    cycle = confirmed.cycle
    client.force_login(officer)
    page = client.get(wurl("workshop", body, cycle)).content.decode()
    assert "Einführungsworkshop" in page and moderator.user.name in page
    response = client.post(wurl("schedule_workshop", body, cycle), plan(moderator=moderator.pk))
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert (workshop.kind, workshop.moderator, workshop.on, workshop.format) == (
        Workshop.Kind.INTRO,
        moderator,
        date(2025, 2, 20),
        "digital",
    )
    assert not workshop.chosen_by_organisation
    assert not ConflictOfInterest.objects.exists()  # moderating is no conflict (decided rule 9)

    # the organisation sees it, the moderator records the result
    client.force_login(qm_a)
    page = client.get(wurl("workshop", org_a, cycle)).content.decode()
    assert "Teil 2: Bestandsaufnahme mit der Steuerungsgruppe" in page and "10.02.2025" in page
    assert (
        client.post(wurl("schedule_workshop", org_a, cycle), plan(moderator=moderator.pk)).status_code == 403
    )
    cycle.sync_assessments()
    cycle.assessments.filter(pk__in=cycle.assessments.values("pk")[:3]).update(status=Assessment.Status.DONE)
    client.force_login(moderator.user)
    response = client.post(
        wurl("record_workshop", body, cycle),
        {"held_on": "2025-02-20", "result": "Bestandsaufnahme begonnen."},
    )
    assert response.status_code == 302
    taken = workshops.first_stocktaking(cycle)
    assert taken is not None and taken.on == date(2025, 2, 20) and taken.counts["done"] == 3
    record = client.get(reverse("testing_reviewers:my_procedures", args=[body.slug]))
    assert record.status_code == 200  # the moderator is no reviewer of the procedure: no record access
    client.force_login(qm_a)
    record = client.get(reverse("testing:procedure", args=[org_a.slug, confirmed.pk])).content.decode()
    assert "die erste Bestandsaufnahme ist erledigt" in record


def test_bad_workshop_input_is_refused_and_nothing_saved(client, confirmed, officer, body, moderator, kqs):
    cycle = confirmed.cycle
    unaccredited = make_profile(body, "ohne@tnord.example")
    client.force_login(officer)
    for bad in (
        {"moderator": unaccredited.pk},
        {"moderator": moderator.pk, "call_on": "2025-03-01"},
        {"moderator": moderator.pk, "hours": "0"},
        {"moderator": moderator.pk, "on": ""},
    ):
        response = client.post(wurl("schedule_workshop", body, cycle), plan(**bad))
        assert response.status_code == 400, bad
        html = response.content.decode()
        assert any(
            t in html
            for t in (
                "gültige Auswahl",
                "Vorgespräch findet vor",
                "größer oder gleich 1",
                "zwingend erforderlich",
            )
        ), bad
    assert not Workshop.objects.exists()


def test_who_sees_the_workshop(
    client, confirmed, officer, body, other_body, moderator, org_a, qm_b, org_b, kqs
):
    cycle = confirmed.cycle
    workshops.schedule(
        cycle,
        workshops.WorkshopDetails(moderator, date(2025, 2, 20), 4, "on_site", None, ""),
        by=officer,
        side="testing_body",
    )
    other = make_profile(body, "andere@tnord.example", model=kqs)
    from gelingen.accounts.roles import OFFICER
    from tests.conftest import add_member

    for user, org, status in (
        (moderator.user, body, 200),
        (other.user, body, 404),  # another reviewer of the pool
        (qm_b, org_b, 404),
        (add_member(other_body, OFFICER), other_body, 404),
    ):
        client.force_login(user)
        assert client.get(wurl("workshop", org, cycle)).status_code == status, user.email


def test_follow_up_workshop_the_organisation_chooses_from_the_pool_with_conflicts_shown(
    client, org_a, qm_a, reader_a, body, officer, kqs
):
    previous_cycle = make_cycle(org_a, kqs, title="Erste Testierung")
    make_procedure(
        previous_cycle,
        body,
        qm_a,
        status=S.CERTIFIED,
        registered_at=datetime(2021, 1, 10, tzinfo=UTC),
        valid_until=date(2027, 3, 1),
    )
    retest = make_cycle(org_a, kqs, title="Retestierung", kind="retest")
    chosen = make_profile(body, "gewaehlt@tnord.example", model=kqs)
    make_profile(body, "inaktiv@tnord.example", model=kqs, active=False)
    make_conflict(chosen, org_a, ConflictOfInterest.Kind.ADVISED, date(2023, 1, 1), None)
    assert workshops.testing_body_for(retest) == body
    client.force_login(officer)
    assert client.post(wurl("schedule_workshop", body, retest), plan(moderator=chosen.pk)).status_code == 403
    client.force_login(reader_a)
    assert client.post(wurl("schedule_workshop", org_a, retest), plan(moderator=chosen.pk)).status_code == 403
    client.force_login(qm_a)
    index = client.get(reverse("visits:index", args=[org_a.slug])).content.decode()
    assert "Folgeworkshop für „Retestierung“ planen" in index
    page = client.get(wurl("workshop", org_a, retest)).content.decode()
    assert "Folgeworkshop" in page and "Hat Suchtberatung Alpha e.V. beraten" in page
    assert "inaktiv@tnord.example" not in page
    assert client.post(wurl("schedule_workshop", org_a, retest), plan(moderator=chosen.pk)).status_code == 302
    workshop = Workshop.objects.get(cycle=retest)
    assert workshop.kind == Workshop.Kind.FOLLOW_UP and workshop.chosen_by_organisation
    assert workshop.testing_body == body
    assert ConflictOfInterest.objects.count() == 1  # nothing recorded for the moderation


def test_workshop_page_queries_are_bounded(
    client, confirmed, officer, body, kqs, django_assert_max_num_queries
):
    for n in range(5):
        make_profile(body, f"pool{n}@tnord.example", model=kqs)
    client.force_login(officer)
    with django_assert_max_num_queries(17):  # the same with one profile: no query per person
        assert client.get(wurl("workshop", body, confirmed.cycle)).status_code == 200


def test_the_workshop_and_the_reported_visit_are_on_the_timeline(confirmed, officer, moderator, qm_a):
    from gelingen.testing import timeline

    made = workshops.schedule(
        confirmed.cycle,
        workshops.WorkshopDetails(moderator, date(2025, 2, 20), 4, "on_site", None, ""),
        by=officer,
        side="testing_body",
    )
    workshops.record_result(
        made, held_on=date(2025, 2, 20), result="Gut begonnen.", participants="", by=officer
    )
    steps = {s.key: s for s in timeline.build(confirmed, qm_a, today=date(2025, 3, 1))}
    step = steps[f"workshop_start:{made.pk}"]
    assert step.status == timeline.DONE and step.done_on == date(2025, 2, 20)
    assert "Einführungsworkshop am 20.02.2025" in step.label and "erste Bestandsaufnahme" in step.note


def test_a_stale_plan_is_refused_and_the_saved_one_kept(client, confirmed, officer, body, moderator):
    made = workshops.schedule(
        confirmed.cycle,
        workshops.WorkshopDetails(moderator, date(2025, 2, 20), 4, "on_site", None, ""),
        by=officer,
        side="testing_body",
    )
    Workshop.objects.filter(pk=made.pk).update(lock_version=3)  # someone saved in between
    client.force_login(officer)
    response = client.post(
        wurl("schedule_workshop", body, confirmed.cycle), plan(moderator=moderator.pk, lock_version="0")
    )
    assert response.status_code == 400 and "Jemand anderes hat" in response.content.decode()
    made.refresh_from_db()
    assert made.on == date(2025, 2, 20) and made.format == "on_site"
    with pytest.raises(workshops.WorkshopRefused, match="inzwischen geändert"):
        workshops.schedule(
            confirmed.cycle,
            workshops.WorkshopDetails(moderator, date(2025, 2, 21), 4, "digital", None, ""),
            by=officer,
            side="testing_body",
            expected_version=0,
        )
