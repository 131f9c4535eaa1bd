from django.apps import AppConfig


class LeitbildConfig(AppConfig):
    name = "gelingen.quality.leitbild"
    label = "leitbild"
