from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gelingen.quality.feedback"
    label = "feedback"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import complaint_due_items

        deadlines.register(complaint_due_items)
