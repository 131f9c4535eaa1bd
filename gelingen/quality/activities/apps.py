from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gelingen.quality.activities"
    label = "activities"

    def ready(self) -> None:
        from gelingen.core import deadlines
        from gelingen.quality import extensions

        from .deadlines import activity_due_items

        deadlines.register(activity_due_items)
        extensions.register_panel(extensions.DashboardPanel("activities/_dashboard.html", "activities"))
