from django.apps import AppConfig


class TestatConfig(AppConfig):
    name = "gelingen.testing.testat"
    label = "testing_testat"
    verbose_name = "Testat"

    def ready(self) -> None:
        from gelingen.quality import extensions
        from gelingen.selfreport import sources
        from gelingen.testing import sections, transitions

        from . import goals, signals, views

        transitions.step_done.connect(signals.on_step_done, dispatch_uid="testing_testat.step_done")
        transitions.register_guard("agreement_returned", goals.agreement_returned_guard)
        sections.register_section(views.record_section)
        sources.register_agreed_goals(goals.agreed_goals_for_cycle)
        extensions.register_panel(extensions.DashboardPanel("testing_testat/_dashboard.html", "testat"))
        # at re-testing the self-assessment lists the agreed goals as extra requirements of the cycle
        extensions.register_assessment_panel(
            extensions.DashboardPanel("testing_testat/_assessment.html", "testat")
        )
