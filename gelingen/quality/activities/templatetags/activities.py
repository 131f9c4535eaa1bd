from datetime import timedelta

from django import template
from django.utils import timezone

from gelingen.core.deadlines import due_items

register = template.Library()

BOX_DAYS = 14
BOX_LIMIT = 8


@register.inclusion_tag("activities/_due_box.html")
def due_box(org, user):
    """The person's own items of this organisation due in the next 14 days or overdue (dashboard box).

    Asks the providers for one item more than it shows: enough to know that there are more, without
    building every item of the organisation."""
    today = timezone.localdate()
    items = due_items([org.pk], today + timedelta(days=BOX_DAYS), owner_id=user.pk, limit=BOX_LIMIT + 1)
    return {"org": org, "items": items[:BOX_LIMIT], "more": len(items) > BOX_LIMIT, "today": today}
