from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "gelingen.quality.evidence"
    label = "evidence"
