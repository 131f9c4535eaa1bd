from datetime import timedelta

from django import template
from django.utils import timezone

from gelingen.core.deadlines import due_items

register = template.Library()

BOX_DAYS = 14
BOX_LIMIT = 8


@register.inclusion_tag("activities/_due_box.html")
def due_box(org, user):
    """The person's own items of this organisation due in the next 14 days or overdue (dashboard box)."""
    today = timezone.localdate()
    items = due_items([org.pk], today + timedelta(days=BOX_DAYS), owner_id=user.pk)
    return {"org": org, "items": items[:BOX_LIMIT], "more": max(len(items) - BOX_LIMIT, 0), "today": today}
