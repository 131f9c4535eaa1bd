from django.apps import AppConfig


class ReviewersConfig(AppConfig):
    name = "gelingen.testing.reviewers"
    label = "testing_reviewers"
    verbose_name = "Gutachter*innen"

    def ready(self) -> None:
        from gelingen.core import deadlines
        from gelingen.testing import access, sections, timeline, transitions

        from .access import assigned_scope, is_assigned
        from .deadlines import (
            appointment_due_items,
            moderation_due_items,
            rejection_due_items,
            reviewer_due_items,
        )
        from .record_section import reviewers_section
        from .signals import share_on_submission
        from .timeline import assignment_steps

        access.register_reviewer_access(is_assigned, assigned_scope)
        timeline.register_source(assignment_steps)
        sections.register_section(reviewers_section)
        for provider in (
            rejection_due_items,
            reviewer_due_items,
            moderation_due_items,
            appointment_due_items,
        ):
            deadlines.register(provider)
        transitions.step_done.connect(share_on_submission, dispatch_uid="testing_reviewers.share")
