from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gelingen.quality.activities"
    label = "activities"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import activity_due_items

        deadlines.register(activity_due_items)
