from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gelingen.quality.activities"
    label = "activities"
