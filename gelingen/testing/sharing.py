"""The testing body reads the Selbstreport through grants, never through a membership.

When a procedure is confirmed, and for every submission of its cycle while it runs, each officer of the
testing body gets a read grant on the frozen submission (accounts.grants, opened at
/shared/selfreport/submissions/<pk>/). The grants go to the officers as persons, not to the testing
body as a whole: its reviewers see a submission only when their assignment grants it (reviewers sub-app).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gelingen.accounts import grants
from gelingen.accounts.models import Grant, User
from gelingen.accounts.roles import OFFICER
from gelingen.selfreport.models import Submission

from .models import Procedure


def officers(procedure: Procedure) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=procedure.testing_body_id, memberships__role=OFFICER, is_active=True
        ).order_by("name")
    )


def share_submission(procedure: Procedure, submission: Submission, by: User | None) -> list[Grant]:
    """Read grants on one submission for the testing body's officers (existing ones are reused)."""
    granted_by = by or procedure.registered_by
    if granted_by is None:
        return []
    title = _("Selbstreport %(org)s, Einreichung %(n)d") % {
        "org": procedure.organisation.name,
        "n": submission.number,
    }
    return [
        grants.share(
            submission, by=granted_by, grantee_user=person, permission=Grant.Permission.VIEW, title=title
        )
        for person in officers(procedure)
    ]


def share_all(procedure: Procedure, by: User | None) -> int:
    """Grant every submission of the procedure's cycle to the officers; the number of submissions."""
    submissions = list(
        Submission.objects.filter(report__cycle_id=procedure.cycle_id).select_related("report__cycle")
    )
    for submission in submissions:
        share_submission(procedure, submission, by)
    return len(submissions)


def submissions_for(procedure: Procedure):
    """The cycle's frozen submissions, newest first (linked to the procedure through its cycle)."""
    return (
        Submission.objects.filter(report__cycle_id=procedure.cycle_id)
        .select_related("submitted_by")
        .order_by("-number")
    )
