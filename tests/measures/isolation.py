from gelingen.quality.measures.models import Decision
from tests.isolation import pk

from .factories import make_group, make_measure, make_meeting, make_milestone, make_task

ORG_URLS = {
    "measures:list": None,
    "measures:create": None,
    "measures:detail": pk("measure"),
    "measures:edit": pk("measure"),
    "measures:delete": pk("measure"),
    "measures:milestone_create": pk("measure"),
    "measures:milestone_edit": pk("milestone"),
    "measures:milestone_reached": pk("milestone"),
    "measures:milestone_delete": pk("milestone"),
    "measures:task_create": pk("measure"),
    "measures:task_edit": pk("task"),
    "measures:task_status": pk("task"),
    "measures:task_delete": pk("task"),
    "measures:group_list": None,
    "measures:group_create": None,
    "measures:group_detail": pk("group"),
    "measures:group_edit": pk("group"),
    "measures:meeting_create": pk("group"),
    "measures:meeting_detail": pk("meeting"),
    "measures:meeting_edit": pk("meeting"),
    "measures:decision_done": pk("decision"),
    "measures:decision_task": pk("decision"),
    "measures:capacity": None,
    "measures:capacity_edit": None,
}


def populate(world, side, org, people):
    measure = make_measure(org, title=f"Maßnahme {side}", owner=people["qm"])
    group = make_group(org, name=f"Steuerungsgruppe {side}")
    meeting = make_meeting(group)
    setattr(world, f"{side}_measure", measure)
    setattr(world, f"{side}_milestone", make_milestone(measure))
    setattr(world, f"{side}_task", make_task(measure, responsible=people["staff"]))
    setattr(world, f"{side}_group", group)
    setattr(world, f"{side}_meeting", meeting)
    setattr(world, f"{side}_decision", Decision.objects.create(meeting=meeting, text="Beschluss"))
