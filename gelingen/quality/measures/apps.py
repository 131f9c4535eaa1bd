from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "gelingen.quality.measures"
    label = "measures"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import decision_due_items, meeting_due_items, milestone_due_items, task_due_items

        for provider in (task_due_items, milestone_due_items, decision_due_items, meeting_due_items):
            deadlines.register(provider)
