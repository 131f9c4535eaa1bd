"""The start-page panel of the Testat app (registered through quality.extensions)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from gelingen.testing.testat import goals
from gelingen.testing.testat.models import Goal, Testat

register = template.Library()


@register.inclusion_tag("testing_testat/_panel.html")
def testat_panel(org: Any, cycle: Any = None) -> dict:
    """A service organisation: its latest Testat, and at re-testing the agreed goals the cycle must meet;
    a testing body: how many goals wait for its check of the wording (three queries at most)."""
    today = timezone.localdate()
    if org.kind == org.Kind.TESTING_BODY:
        waiting = Goal.objects.filter(procedure__testing_body=org, status=Goal.Status.SUBMITTED).count()
        return {"org": org, "is_body": True, "waiting": waiting}
    testat = Testat.objects.filter(organisation=org).order_by("-testat_on", "-pk").first()
    agreed = goals.agreed_goals_for_cycle(cycle) if cycle is not None else None
    return {
        "org": org,
        "is_body": False,
        "testat": testat,
        "status": testat.status(today) if testat else "",
        "agreed": agreed or [],
        "cycle": cycle,
    }


@register.inclusion_tag("testing_testat/_assessment_goals.html")
def agreed_goals_panel(org: Any, cycle: Any) -> dict:
    """Above the self-assessment of a re-testing cycle: the goals agreed at the last Testat, extra
    requirements of this cycle, with where they are reported (chapter 12a). Nothing for a first testing."""
    from gelingen.selfreport.models import Chapter

    agreed = goals.agreed_goals_for_cycle(cycle) or []
    has_12a = bool(agreed) and Chapter.objects.filter(report__cycle=cycle, key="qb12a").exists()
    return {"org": org, "cycle": cycle, "agreed": agreed, "has_12a": has_12a}
