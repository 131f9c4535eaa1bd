from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "gelingen.quality.measures"
    label = "measures"
