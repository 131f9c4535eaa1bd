from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "gelingen.quality.handbook"
    label = "handbook"
