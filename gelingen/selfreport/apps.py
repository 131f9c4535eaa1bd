from django.apps import AppConfig


class SelfreportConfig(AppConfig):
    name = "gelingen.selfreport"
    label = "selfreport"
