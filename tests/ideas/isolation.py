from gelingen.quality.ideas.models import GoalProposal, Idea
from tests.isolation import pk

ORG_URLS = {
    "ideas:list": None,
    "ideas:create": None,
    "ideas:detail": pk("idea"),
    "ideas:edit": pk("idea"),
    "ideas:status": pk("idea"),
    "ideas:plan": pk("idea"),
    "ideas:goal_list": None,
    "ideas:goal_create": None,
    "ideas:goal_detail": pk("goal"),
    "ideas:goal_edit": pk("goal"),
    "ideas:goal_delete": pk("goal"),
}


def populate(world, side, org, people):
    idea = Idea.objects.create(
        organisation=org, title=f"Idee {side}", description="Beschreibung", submitted_by=people["staff"]
    )
    goal = GoalProposal.objects.create(
        organisation=org, title=f"Ziel {side}", description="Ziel", rationale="Warum", target_year=2029
    )
    setattr(world, f"{side}_idea", idea)
    setattr(world, f"{side}_goal", goal)
