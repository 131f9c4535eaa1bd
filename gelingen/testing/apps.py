from django.apps import AppConfig


class TestingConfig(AppConfig):
    name = "gelingen.testing"
    label = "testing"
    verbose_name = "Testierung"
