from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "gelingen.quality"
    label = "quality"
