from __future__ import annotations

from typing import Any

from .assignment import share_new_submissions

SUBMISSION_STEPS = {"submit", "resubmit"}


def share_on_submission(sender: Any, procedure: Any, transition: Any, **kwargs: Any) -> None:
    """A (revised) Selbstreport arrived: the active reviewers get read grants on it."""
    if transition.step in SUBMISSION_STEPS:
        share_new_submissions(procedure, transition.by)
