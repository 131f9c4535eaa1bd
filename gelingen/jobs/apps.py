from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gelingen.jobs"
    label = "jobs"
