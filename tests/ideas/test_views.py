from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gelingen.catalogue.models import Area
from gelingen.quality.ideas.models import GoalProposal, Idea
from gelingen.quality.measures.models import Measure

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"ideas:{name}", args=[org.slug, *args])


def make_idea(org, **kwargs):
    kwargs.setdefault("title", "Wartebereich gestalten")
    kwargs.setdefault("description", "Pflanzen und Stühle")
    return Idea.objects.create(organisation=org, **kwargs)


def test_staff_adds_an_idea(client, org_a, staff_a, cycle_a):
    client.force_login(staff_a)
    area = Area.objects.get(model=cycle_a.model, number=7)
    response = client.post(
        url("create", org_a),
        {
            "kind": "idea",
            "title": "WLAN",
            "description": "Für Hausaufgaben",
            "source": "customer",
            "areas": [area.pk],
        },
        follow=True,
    )
    idea = Idea.objects.get()
    assert (idea.submitted_by, idea.status, idea.source) == (staff_a, "new", "customer")
    assert list(idea.areas.all()) == [area] and idea.submitted_on == timezone.localdate()
    assert "ist im Ideenspeicher" in response.content.decode()


def test_idea_without_title_is_refused(client_qm, org_a):
    response = client_qm.post(
        url("create", org_a), {"kind": "idea", "title": "", "description": "", "source": "staff"}
    )
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Idea.objects.exists()


def test_reader_sees_ideas_but_cannot_add(client_reader, org_a):
    make_idea(org_a)
    content = client_reader.get(url("list", org_a)).content.decode()
    assert "Wartebereich gestalten" in content and "Idee einbringen" not in content
    response = client_reader.post(
        url("create", org_a), {"kind": "idea", "title": "x", "description": "y", "source": "staff"}
    )
    assert response.status_code == 403
    assert Idea.objects.count() == 1


def test_submitter_edits_own_new_idea_only(client, org_a, staff_a, qm_a):
    own = make_idea(org_a, submitted_by=staff_a)
    other = make_idea(org_a, submitted_by=qm_a)
    client.force_login(staff_a)
    data = {"kind": "idea", "title": "Geändert", "description": "Neu", "source": "staff"}
    assert client.post(url("edit", org_a, own.pk), data).status_code == 302
    assert client.post(url("edit", org_a, other.pk), data).status_code == 403
    own.status = "accepted"
    own.save()
    assert client.get(url("edit", org_a, own.pk)).status_code == 403
    client.force_login(qm_a)
    assert client.post(url("edit", org_a, own.pk), data).status_code == 302
    assert set(Idea.objects.values_list("title", flat=True)) == {"Geändert", "Wartebereich gestalten"}


def test_manager_accepts_rejects_and_reopens(client_qm, org_a):
    idea = make_idea(org_a)
    detail = client_qm.get(url("detail", org_a, idea.pk)).content.decode()
    assert "Als Maßnahme planen" in detail and "Ablehnen" in detail
    client_qm.post(url("status", org_a, idea.pk), {"status": "accepted"})
    idea.refresh_from_db()
    assert idea.status == "accepted"
    client_qm.post(url("status", org_a, idea.pk), {"status": "rejected", "reason": "Kein Platz"})
    idea.refresh_from_db()
    assert (idea.status, idea.rejection_reason) == ("rejected", "Kein Platz")
    assert "Kein Platz" in client_qm.get(url("detail", org_a, idea.pk)).content.decode()
    response = client_qm.post(url("status", org_a, idea.pk), {"status": "accepted"}, follow=True)
    assert "kann nicht auf „angenommen“ gesetzt werden" in response.content.decode()
    client_qm.post(url("status", org_a, idea.pk), {"status": "new"})
    idea.refresh_from_db()
    assert idea.status == "new"


def test_reject_without_reason_is_refused(client_qm, org_a):
    idea = make_idea(org_a)
    response = client_qm.post(url("status", org_a, idea.pk), {"status": "rejected", "reason": ""})
    assert response.status_code == 400
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "new"


def test_staff_cannot_decide(client, org_a, staff_a):
    idea = make_idea(org_a, submitted_by=staff_a)
    client.force_login(staff_a)
    assert client.post(url("status", org_a, idea.pk), {"status": "accepted"}).status_code == 403
    assert client.post(url("plan", org_a, idea.pk)).status_code == 403
    assert "Als Maßnahme planen" not in client.get(url("detail", org_a, idea.pk)).content.decode()
    idea.refresh_from_db()
    assert idea.status == "new" and not Measure.objects.exists()


def test_plan_as_measure_opens_the_new_measure(client_qm, org_a, qm_a):
    idea = make_idea(org_a, submitted_by=qm_a)
    response = client_qm.post(url("plan", org_a, idea.pk))
    measure = Measure.objects.get()
    assert response.url == reverse("measures:edit", args=[org_a.slug, measure.pk])
    idea.refresh_from_db()
    assert idea.status == "planned" and idea.measure == measure
    assert idea.title in client_qm.get(measure.get_absolute_url()).content.decode()  # linked back
    again = client_qm.post(url("plan", org_a, idea.pk), follow=True)
    assert "kann nicht als Maßnahme geplant werden" in again.content.decode()
    assert Measure.objects.count() == 1


def test_list_filters_and_counts(client_qm, org_a, cycle_a):
    area = Area.objects.get(model=cycle_a.model, number=4)
    a = make_idea(org_a, title="Sprechstunde", source="customer", status="accepted")
    a.areas.set([area])
    make_idea(org_a, title="Supervision", source="staff", kind="goal")
    make_idea(org_a, title="Automat", source="external", status="rejected", rejection_reason="nein")

    def titles(**params):
        return {i.title for i in client_qm.get(url("list", org_a), params).context["page"]}

    assert titles() == {"Sprechstunde", "Supervision", "Automat"}
    assert titles(status="accepted") == {"Sprechstunde"}
    assert titles(source="staff") == {"Supervision"}
    assert titles(kind="goal") == {"Supervision"}
    assert titles(area=4) == {"Sprechstunde"}
    assert titles(q="super") == {"Supervision"}
    counts = client_qm.get(url("list", org_a)).context["counts"]
    assert ("neu", 1, "new") in counts and ("abgelehnt", 1, "rejected") in counts


def test_list_is_paginated(client_qm, org_a):
    Idea.objects.bulk_create(Idea(organisation=org_a, title=f"I{i}", description="d") for i in range(51))
    assert len(client_qm.get(url("list", org_a)).context["page"]) == 50
    assert len(client_qm.get(url("list", org_a), {"page": 2}).context["page"]) == 1


@pytest.mark.parametrize("rows", [3, 60])
def test_list_query_count_is_bounded(client_qm, org_a, qm_a, cycle_a, django_assert_num_queries, rows):
    areas = list(Area.objects.filter(model=cycle_a.model, number__in=[2, 4]))
    measure = Measure.objects.create(organisation=org_a, title="M", goal="Z")
    for i in range(rows):
        idea = make_idea(org_a, title=f"I{i}", submitted_by=qm_a, status="planned", measure=measure)
        idea.areas.set(areas)
    client_qm.get(url("list", org_a))
    with django_assert_num_queries(8):
        client_qm.get(url("list", org_a), {"status": "planned"})


def goal_data(**overrides):
    data = {
        "title": "Zugang im Umland",
        "description": "Außensprechstunden",
        "rationale": "Viele Anfragen aus dem Umland",
        "target_year": str(timezone.localdate().year + 3),
        "indicators_text": "- Zwei Außensprechstunden\n- 30 % aus dem Umland",
        "status": "selfreport",
        "cycle": "",
    }
    data.update(overrides)
    return data


def test_create_goal_proposal_with_indicators_and_ideas(client_qm, org_a, cycle_a, qm_a):
    idea = make_idea(org_a, status="accepted")
    response = client_qm.post(url("goal_create", org_a), goal_data(cycle=cycle_a.pk, ideas=[idea.pk]))
    goal = GoalProposal.objects.get()
    assert response.url == url("goal_detail", org_a, goal.pk)
    assert [i.text for i in goal.indicators.all()] == ["Zwei Außensprechstunden", "30 % aus dem Umland"]
    assert list(goal.ideas.all()) == [idea] and goal.cycle == cycle_a and goal.created_by == qm_a
    content = client_qm.get(url("goal_detail", org_a, goal.pk)).content.decode()
    assert "30 % aus dem Umland" in content and idea.title in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target_year": "2020"}, "Bitte wählen Sie ein Zieljahr zwischen"),
        ({"target_year": str(timezone.localdate().year + 9)}, "Bitte wählen Sie ein Zieljahr zwischen"),
        ({"indicators_text": ""}, "mindestens einen Prüfindikator"),
        ({"rationale": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_goal_input(client_qm, org_a, data, message):
    response = client_qm.post(url("goal_create", org_a), goal_data(**data))
    assert message in response.content.decode()
    assert not GoalProposal.objects.exists()


def test_draft_without_indicators_is_fine(client_qm, org_a):
    client_qm.post(url("goal_create", org_a), goal_data(status="draft", indicators_text=""))
    assert GoalProposal.objects.get().status == "draft"


def test_edit_keeps_an_old_target_year_and_replaces_indicators(client_qm, org_a):
    goal = GoalProposal.objects.create(
        organisation=org_a, title="Alt", description="d", rationale="r", target_year=2020
    )
    goal.indicators.create(text="Alt")
    form = client_qm.get(url("goal_edit", org_a, goal.pk)).context["form"]
    assert form["indicators_text"].value() == "Alt"
    response = client_qm.post(
        url("goal_edit", org_a, goal.pk), goal_data(target_year="2020", indicators_text="Neu")
    )
    assert response.status_code == 302
    assert [i.text for i in goal.indicators.all()] == ["Neu"]


def test_goals_need_manage_level(client, org_a, staff_a):
    goal = GoalProposal.objects.create(
        organisation=org_a, title="Z", description="d", rationale="r", target_year=2030
    )
    client.force_login(staff_a)
    assert client.get(url("goal_detail", org_a, goal.pk)).status_code == 200
    assert client.post(url("goal_create", org_a), goal_data()).status_code == 403
    assert client.post(url("goal_edit", org_a, goal.pk), goal_data()).status_code == 403
    assert client.post(url("goal_delete", org_a, goal.pk)).status_code == 403
    assert GoalProposal.objects.count() == 1


def test_delete_goal(client_qm, org_a):
    goal = GoalProposal.objects.create(
        organisation=org_a, title="Z", description="d", rationale="r", target_year=2030
    )
    assert client_qm.get(url("goal_delete", org_a, goal.pk)).status_code == 200
    assert client_qm.post(url("goal_delete", org_a, goal.pk)).url == url("goal_list", org_a)
    assert not GoalProposal.objects.exists()


@pytest.mark.parametrize("rows", [3, 60])
def test_goal_list_query_count_is_bounded(client_qm, org_a, cycle_a, django_assert_num_queries, rows):
    for i in range(rows):
        goal = GoalProposal.objects.create(
            organisation=org_a, cycle=cycle_a, title=f"Z{i}", description="d", rationale="r", target_year=2030
        )
        goal.indicators.create(text="I")
    client_qm.get(url("goal_list", org_a))
    with django_assert_num_queries(6):
        client_qm.get(url("goal_list", org_a))


def test_idea_detail_shows_the_decision(client_qm, org_a, qm_a):
    idea = make_idea(org_a, status="rejected", rejection_reason="Zu teuer", decided_by=qm_a)
    idea.decided_at = timezone.now() - timedelta(days=1)
    idea.save()
    content = client_qm.get(url("detail", org_a, idea.pk)).content.decode()
    assert "Zu teuer" in content and "Wieder auf „neu“ setzen" in content


def test_proposal_keeps_an_idea_that_was_rejected_after_linking(client_qm, org_a, qm_a):
    linked = make_idea(org_a, title="Außensprechstunde", status="accepted")
    client_qm.post(url("goal_create", org_a), goal_data(ideas=[linked.pk]))
    goal = GoalProposal.objects.get()
    linked.status, linked.rejection_reason = "rejected", "Kein Raum"
    linked.save()
    assert linked in client_qm.get(url("goal_edit", org_a, goal.pk)).context["form"].fields["ideas"].queryset
    response = client_qm.post(url("goal_edit", org_a, goal.pk), goal_data(title="Neu", ideas=[linked.pk]))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Neu" and list(goal.ideas.all()) == [linked]


def test_proposal_cannot_pick_a_rejected_idea_it_was_not_linked_to(client_qm, org_a):
    rejected = make_idea(org_a, status="rejected", rejection_reason="Kein Raum")
    goal = GoalProposal.objects.create(
        organisation=org_a, title="Alt", description="d", rationale="r", target_year=2030
    )
    response = client_qm.post(url("goal_edit", org_a, goal.pk), goal_data(ideas=[rejected.pk]))
    assert "ist keine gültige Auswahl" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Alt" and not goal.ideas.exists()
    response = client_qm.post(url("goal_create", org_a), goal_data(ideas=[rejected.pk]))
    assert "ist keine gültige Auswahl" in response.content.decode()
    assert GoalProposal.objects.count() == 1


@pytest.mark.parametrize("name", ["create", "goal_create"])
def test_empty_post_shows_required_errors(client_qm, org_a, name):
    response = client_qm.post(url(name, org_a), {})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Idea.objects.exists() and not GoalProposal.objects.exists()


def test_empty_post_on_edit_shows_required_errors(client_qm, org_a, qm_a):
    idea = make_idea(org_a, submitted_by=qm_a)
    response = client_qm.post(url("edit", org_a, idea.pk), {})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    idea.refresh_from_db()
    assert idea.title == "Wartebereich gestalten"


def test_list_names_the_areas_as_text(client_qm, org_a, cycle_a):
    idea = make_idea(org_a)
    idea.areas.set(Area.objects.filter(model=cycle_a.model, number=7))
    content = client_qm.get(url("list", org_a)).content.decode()
    area = Area.objects.get(model=cycle_a.model, number=7)
    assert f"QB7 {area.display_name}" in content
    assert "<abbr" not in content


def test_list_pages_keep_the_filter(client_qm, org_a):
    for i in range(51):
        make_idea(org_a, title=f"Idee {i}", source="customer")
    content = client_qm.get(url("list", org_a), {"source": "customer"}).content.decode()
    assert "?source=customer&amp;page=2" in content
