from django.apps import AppConfig


class GutachtenConfig(AppConfig):
    name = "gelingen.testing.gutachten"
    label = "testing_gutachten"
    verbose_name = "Gutachten"

    def ready(self) -> None:
        from gelingen.testing import sections, transitions
        from gelingen.testing.visits import auflagen

        from .auflagen import auflagen_for_visit
        from .release import derived_outcome, release_on_send, send_guard
        from .sections import gutachten_section

        transitions.register_guard("send_gutachten", send_guard)
        transitions.register_outcome_source(derived_outcome)
        transitions.step_done.connect(release_on_send, dispatch_uid="testing_gutachten.release")
        sections.register_section(gutachten_section)
        auflagen.register_source(auflagen_for_visit)  # the visit checks the Auflagen of the sent Gutachten
