from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "gelingen.quality.figures"
    label = "figures"
