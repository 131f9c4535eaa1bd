from gelingen.selfreport.models import GoalReport, ReportImage
from gelingen.selfreport.setup import create_report
from tests.isolation import granted

from .factories import make_submission


def _cycle(obj_name: str | None = None, **extra):
    """kwargs with cycle_pk plus optional object pks."""

    def build(world, side):
        kwargs = {"cycle_pk": getattr(world, f"{side}_cycle").pk}
        if obj_name:
            kwargs["pk"] = getattr(world, f"{side}_{obj_name}").pk
        kwargs.update(extra)
        return kwargs

    return build


ORG_URLS = {
    "selfreport:current": None,
    "selfreport:overview": _cycle(),
    "selfreport:chapter": _cycle(key="qb1"),
    "selfreport:autosave": _cycle(key="qb1"),
    "selfreport:preview": _cycle(key="qb1"),
    "selfreport:goal_add": _cycle(key="qb12"),
    "selfreport:goal_edit": _cycle("goal"),
    "selfreport:images": _cycle(),
    "selfreport:image": _cycle("image"),
    "selfreport:image_delete": _cycle("image"),
    "selfreport:org_chart": _cycle(),
    "selfreport:check": _cycle(),
    "selfreport:coverage": _cycle(),
    "selfreport:sync": _cycle(),
    "selfreport:export": _cycle(fmt="pdf"),
    "selfreport:submit": _cycle(),
    "selfreport:submission": _cycle(number=1),
    "selfreport:submission_file": _cycle(number=1, fmt="pdf"),
    "selfreport:submission_share": _cycle(number=1),
}

# Pages opened through a grant (three parties: owner, grantee, stranger); see test_tenant_isolation.py
GRANTED_URLS = {
    "selfreport_shared:submission": granted("submission"),
    "selfreport_shared:submission_file": granted("submission", fmt="pdf"),
}


def populate(world, side, org, people):
    report = create_report(getattr(world, f"{side}_cycle"), people["qm"])
    chapter = report.chapters.get(key="qb12")
    setattr(
        world,
        f"{side}_goal",
        GoalReport.objects.create(chapter=chapter, goal="Ziel", outcome="achieved", text="x"),
    )
    setattr(world, f"{side}_submission", make_submission(report, people["qm"]))
    setattr(
        world,
        f"{side}_image",
        ReportImage.objects.create(report=report, file="selfreport/x.png", alt_text="Bild"),
    )
