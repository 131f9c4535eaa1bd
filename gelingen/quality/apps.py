from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "gelingen.quality"
    label = "quality"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import assessment_due_items

        deadlines.register(assessment_due_items)
