from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "gelingen.quality.evidence"
    label = "evidence"

    def ready(self) -> None:
        from gelingen.quality import extensions

        from .assessment_row import render_row_evidence
        from .register import annotate_assessment_rows

        extensions.register_row_extra(
            extensions.RowExtra("", annotate_assessment_rows, render=render_row_evidence)
        )
        from . import export  # noqa: F401  registers the CSV table (long registers run as a job)
