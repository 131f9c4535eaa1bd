from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "gelingen.quality.ideas"
    label = "ideas"
