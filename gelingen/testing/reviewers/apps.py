from django.apps import AppConfig


class ReviewersConfig(AppConfig):
    name = "gelingen.testing.reviewers"
    label = "testing_reviewers"
    verbose_name = "Gutachter*innen"
