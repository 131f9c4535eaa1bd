from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "gelingen.quality.evidence"
    label = "evidence"

    def ready(self) -> None:
        from gelingen.quality import extensions

        from .register import annotate_assessment_rows

        extensions.register_row_extra(
            extensions.RowExtra("evidence/_assessment_row.html", annotate_assessment_rows)
        )
        from . import export  # noqa: F401  registers the CSV table (long registers run as a job)
