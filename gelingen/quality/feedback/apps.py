from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gelingen.quality.feedback"
    label = "feedback"
