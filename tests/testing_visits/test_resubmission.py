"""The comparison of a revised Selbstreport with the one before: per chapter, added and removed words
marked by text, and the scope of the review (areas with Auflagen and changed chapters)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gelingen.testing.models import Procedure
from gelingen.testing.transitions import advance
from gelingen.testing.visits.resubmission import chapter_changes, review_of
from tests.testing_gutachten.factories import approved_gutachten
from tests.testing_visits.factories import report_visit, submission_with

S = Procedure.Status

OLD = {
    "chapters": [
        {
            "key": "qb1",
            "title": "QB 1 Leitbild",
            "requirements": ["1.1"],
            "texts": {"Text": "Wir beraten Menschen."},
        },
        {
            "key": "qb3",
            "title": "QB 3 Prozesse",
            "requirements": ["3.1"],
            "texts": {"Text": "Keine Beschreibung."},
        },
        {"key": "qb9", "title": "QB 9 Alt", "texts": {"Text": "Entfällt bald."}},
    ]
}
NEW = {
    "chapters": [
        {
            "key": "qb1",
            "title": "QB 1 Leitbild",
            "requirements": ["1.1"],
            "texts": {"Text": "Wir beraten Menschen."},
        },
        {
            "key": "qb3",
            "title": "QB 3 Prozesse",
            "requirements": ["3.1"],
            "texts": {"Text": "Die Schlüsselprozesse sind beschrieben."},
        },
        {"key": "qb12", "title": "QB 12 Ziele", "texts": {"Text": "Neu."}},
    ]
}


def test_chapter_changes_on_a_small_content_pair():
    changes = {c.key: c for c in chapter_changes(OLD, NEW)}
    assert set(changes) == {"qb3", "qb12", "qb9"}  # QB 1 is unchanged
    qb3 = changes["qb3"]
    assert qb3.status == "changed" and qb3.requirements == ["3.1"]
    (text,) = qb3.texts
    assert text.field == "Text"
    assert [(c.op, c.text) for c in text.chunks if c.op != "equal"] == [
        ("delete", "Keine Beschreibung"),
        ("insert", "Die Schlüsselprozesse sind beschrieben"),
    ]
    assert (text.added, text.removed) == (4, 2)
    assert changes["qb12"].status == "added" and changes["qb9"].status == "removed"


@pytest.fixture
def resubmitted(db, procedure, officer, qm_a):
    advance(procedure, S.CONFIRMED, by=officer, on=date(2025, 1, 20))
    first_one = submission_with(procedure.cycle, qm_a, 1, OLD, date(2025, 11, 3))
    procedure.refresh_from_db()
    approved_gutachten(procedure, officer)  # sending needs an approved Gutachten
    advance(procedure, S.GUTACHTEN, by=officer, on=date(2026, 1, 12), outcome=Procedure.Outcome.AUFLAGEN)
    report_visit(procedure, date(2026, 2, 10), not_met=1)
    advance(procedure, S.VISITED, by=officer, on=date(2026, 2, 10))
    advance(procedure, S.NOT_MET, by=officer, on=date(2026, 2, 20))
    submission_with(procedure.cycle, qm_a, 2, NEW, date(2026, 4, 1), previous=first_one)
    procedure.refresh_from_db()
    assert procedure.status == S.RESUBMITTED
    return procedure


def test_the_review_covers_auflagen_areas_and_changed_chapters(resubmitted):
    review = review_of(resubmitted)
    assert review is not None and (review.previous.number, review.revised.number) == (1, 2)
    assert [c.key for c in review.changes] == ["qb3", "qb12", "qb9"]
    # the area of the Auflage not met at the visit first, then the changed chapters
    assert review.affected == ["QB 1", "QB 3 Prozesse", "QB 12 Ziele", "QB 9 Alt"]


def test_diff_page_for_the_testing_body_and_reviewers_only(
    client, resubmitted, officer, stranger_reviewer, body, org_a, qm_a, django_assert_max_num_queries
):
    from gelingen.accounts.roles import REVIEWER
    from tests.conftest import add_member
    from tests.testing_visits.conftest import assign

    first, second = (add_member(body, REVIEWER, f"{n}@tnord.example") for n in ("erst", "zweit"))
    assign(resubmitted, first)
    assign(resubmitted, second, "second")
    stranger = stranger_reviewer
    page = reverse("visits:diff", args=[body.slug, resubmitted.pk])
    for user, status in ((officer, 200), (first, 200), (second, 200), (stranger, 404)):
        client.force_login(user)
        assert client.get(page).status_code == status, user.email
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        html = client.get(page).content.decode()
    assert "Geprüft werden die Bereiche mit Auflagen und die geänderten Kapitel" in html and "QB 1" in html
    assert (
        "[gelöscht: </span>Keine Beschreibung" in html and "[eingefügt: </span>Die Schlüsselprozesse" in html
    )
    assert "Text: 4 Wörter eingefügt, 2 gelöscht" in html
    record = client.get(reverse("testing:procedure", args=[body.slug, resubmitted.pk])).content.decode()
    assert "Änderungen ansehen" in record
    client.force_login(qm_a)
    assert client.get(reverse("visits:diff", args=[org_a.slug, resubmitted.pk])).status_code == 404
