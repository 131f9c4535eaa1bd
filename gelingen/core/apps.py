from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gelingen.core"
    label = "core"
