from django.apps import AppConfig


class LeitbildConfig(AppConfig):
    name = "gelingen.quality.leitbild"
    label = "leitbild"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import revision_due_items

        deadlines.register(revision_due_items)
