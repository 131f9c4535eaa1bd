from django.apps import AppConfig


class TestingConfig(AppConfig):
    name = "gelingen.testing"
    label = "testing"
    verbose_name = "Testierung"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from gelingen.core import deadlines
        from gelingen.selfreport.models import Submission

        from . import signals, transitions
        from .due import procedure_due_items

        deadlines.register(procedure_due_items)
        post_save.connect(
            signals.submission_created, sender=Submission, dispatch_uid="testing.submission_created"
        )
        transitions.step_done.connect(signals.step_done, dispatch_uid="testing.step_done")
