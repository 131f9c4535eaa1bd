from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "gelingen.testing.visits"
    label = "testing_visits"
    verbose_name = "Visitation, Entscheidung, Workshops"

    def ready(self) -> None:
        from gelingen.testing import sections, timeline, transitions

        from . import guards, record_sections
        from .timeline import visit_steps

        for step, guard in guards.GUARDS:
            transitions.register_guard(step, guard)
        for provider in record_sections.PROVIDERS:
            sections.register_section(provider)
        timeline.register_source(visit_steps)
