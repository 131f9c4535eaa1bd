from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gelingen.quality.feedback"
    label = "feedback"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import complaint_due_items

        deadlines.register(complaint_due_items)
        from . import export  # noqa: F401  registers the CSV table (large lists run as a job)
