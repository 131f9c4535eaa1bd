from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "gelingen.quality.measures"
    label = "measures"

    def ready(self) -> None:
        from gelingen.core import deadlines
        from gelingen.quality.leitbild.signals import leitbild_published

        from .deadlines import decision_due_items, meeting_due_items, milestone_due_items, task_due_items
        from .signals import rerate_on_publish

        for provider in (task_due_items, milestone_due_items, decision_due_items, meeting_due_items):
            deadlines.register(provider)
        leitbild_published.connect(rerate_on_publish, dispatch_uid="measures.rerate_on_publish")
