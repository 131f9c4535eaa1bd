import hashlib
import threading

import pytest
from django.db import connection

from gelingen.selfreport.models import LintOverride, Submission
from gelingen.selfreport.submission import AlreadySubmitted, SubmissionBlocked, diff, submit, verify

pytestmark = pytest.mark.django_db


def test_errors_block_submission(report, leitung_a):
    with pytest.raises(SubmissionBlocked) as exc:
        submit(report, leitung_a)
    assert "Fehler" in str(exc.value) and exc.value.findings
    assert not Submission.objects.exists()


def test_only_the_leitung_may_override_and_it_is_logged(report, qm_a, leitung_a):
    with pytest.raises(SubmissionBlocked, match="Nur die Leitung"):
        submit(report, qm_a, override_reason="Frist läuft ab")
    assert not LintOverride.objects.exists()
    submission = submit(report, leitung_a, override_reason="Frist läuft ab; Nachreichung vereinbart")
    override = submission.override
    assert override.user == leitung_a and override.reason.startswith("Frist")
    assert any(f["rule"] == "missing-answer" for f in override.findings)


def test_snapshot_is_frozen_with_hashes(complete_report, leitung_a, no_page_limit):
    submission = submit(complete_report, leitung_a)
    assert submission.number == 1 and submission.kind == "initial"
    with submission.pdf.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == submission.pdf_sha256
    with submission.docx.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == submission.docx_sha256
    assert verify(submission)
    assert submission.content["evidence"][0]["identifier"] == "QB1-01"
    frozen = dict(submission.content)

    qb2 = complete_report.chapters.get(key="qb2")
    qb2.answer_a = "Ganz neuer Text nach der Einreichung."
    qb2.save()
    submission.refresh_from_db()
    assert submission.content == frozen
    assert verify(submission)
    with pytest.raises(TypeError):
        submission.save()
    with pytest.raises(TypeError):
        Submission.objects.filter(pk=submission.pk).update(page_count=1)
    with pytest.raises(TypeError):
        submission.delete()


def test_revised_submission_has_a_diff(complete_report, leitung_a, no_page_limit):
    first = submit(complete_report, leitung_a)
    qb4 = complete_report.chapters.get(key="qb4")
    qb4.answer_c = "Wir bewerten die Ergebnisse halbjährlich und passen das Verfahren an."
    qb4.save()
    second = submit(complete_report, leitung_a)
    assert (second.number, second.kind, second.previous) == (2, "revised", first)
    assert first.pdf_sha256 != second.pdf_sha256  # new files, the old ones untouched
    assert verify(first) and verify(second)
    [change] = diff(first, second)
    assert change.title.startswith("QB4") and change.field == "answer_c"
    assert {c.op for c in change.chunks} == {"equal", "delete", "insert"}
    assert any(c.op == "insert" and "halbjährlich" in c.text for c in change.chunks)


def test_submitting_the_same_state_twice_gives_one_submission(complete_report, leitung_a, no_page_limit):
    first = submit(complete_report, leitung_a, after=0)
    for _ in range(2):
        with pytest.raises(AlreadySubmitted) as exc:
            submit(complete_report, leitung_a, after=0)
        assert exc.value.latest == first
    assert Submission.objects.count() == 1
    assert submit(complete_report, leitung_a, after=1).number == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot take concurrent writers",
)
def test_simultaneous_submits_give_one_submission(complete_report, leitung_a, no_page_limit):
    start = threading.Barrier(3)
    done, duplicates, errors = [], [], []

    def worker():
        try:
            start.wait(timeout=10)
            done.append(submit(complete_report, leitung_a, after=0).number)
        except AlreadySubmitted as exc:
            duplicates.append(exc.latest.number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert done == [1] and duplicates == [1, 1]
    assert Submission.objects.count() == 1
