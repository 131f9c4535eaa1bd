from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "gelingen.quality.figures"
    label = "figures"

    def ready(self) -> None:
        from gelingen.core import deadlines

        from .deadlines import figure_due_items, indicator_due_items

        deadlines.register(figure_due_items)
        deadlines.register(indicator_due_items)
