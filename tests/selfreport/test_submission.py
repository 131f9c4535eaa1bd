import hashlib
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from gelingen.accounts.roles import LEITUNG
from gelingen.selfreport.models import LintOverride, Submission
from gelingen.selfreport.setup import create_report
from gelingen.selfreport.submission import AlreadySubmitted, SubmissionBlocked, diff, purge, submit, verify
from tests.conftest import add_member

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


FROZEN_CHANGES = {
    "number": 9,
    "kind": "revised",
    "submitted_at": "2020-01-01T00:00:00+00:00",
    "content": {"chapters": []},
    "content_sha256": "0" * 64,
    "pdf": "submissions/other.pdf",
    "pdf_sha256": "0" * 64,
    "docx": "submissions/other.docx",
    "docx_sha256": "0" * 64,
    "page_count": 1,
}


@pytest.mark.parametrize("field", [*FROZEN_CHANGES, "submitted_by", "report", "previous", "override"])
def test_the_database_refuses_to_change_a_frozen_submission(
    field, complete_report, leitung_a, qm_a, cycle_b, qm_b, no_page_limit
):
    first = submit(complete_report, leitung_a)
    second = submit(complete_report, leitung_a)
    value = {
        "submitted_by": qm_a,
        "report": create_report(cycle_b, qm_b),
        "previous": second,
        "override": LintOverride.objects.create(report=complete_report, user=leitung_a, reason="x"),
    }.get(field, FROZEN_CHANGES.get(field))
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Submission._base_manager.filter(pk=first.pk).update(**{field: value})
    first.refresh_from_db()
    assert verify(first)


def test_the_database_refuses_to_delete_a_submission(complete_report, leitung_a, no_page_limit):
    submission = submit(complete_report, leitung_a)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Submission._base_manager.filter(pk=submission.pk)._raw_delete(using="default")
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Submission.objects.all().delete()
    assert Submission.objects.count() == 1


def test_the_registration_reference_may_be_set_later(complete_report, leitung_a, no_page_limit):
    submission = submit(complete_report, leitung_a)
    Submission._base_manager.filter(pk=submission.pk).update(registration_ref="REG-2027-01")
    submission.refresh_from_db()
    assert submission.registration_ref == "REG-2027-01" and verify(submission)


def test_an_organisation_with_submissions_is_kept_until_purged(
    complete_report, leitung_a, org_b, cycle_b, qm_b, no_page_limit
):
    """Deleting an organisation refuses while binding submissions exist; purge removes them on purpose."""
    foreign = submit(create_report(cycle_b, qm_b), add_member(org_b, LEITUNG), override_reason="Test")
    submit(complete_report, leitung_a)
    submission = submit(complete_report, leitung_a)
    org = complete_report.cycle.organisation
    with pytest.raises(ProtectedError), transaction.atomic():
        org.delete()
    storage, name = submission.pdf.storage, submission.pdf.name
    assert purge(org) == 2
    assert not storage.exists(name)
    org.delete()
    assert list(Submission.objects.all()) == [foreign]  # the other organisation's stay frozen
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Submission.objects.all().delete()


def test_the_seal_chains_metadata_to_the_previous_submission(complete_report, leitung_a, qm_a, no_page_limit):
    from gelingen.selfreport.submission import verify_chain

    first = submit(complete_report, leitung_a)
    second = submit(complete_report, leitung_a)
    assert first.seal_sha256 and second.seal_sha256 != first.seal_sha256
    assert verify_chain(complete_report) == []
    second = Submission.objects.select_related("previous").get(pk=second.pk)
    assert verify(second)
    for field, value in [("page_count", 99), ("submitted_by_id", qm_a.pk), ("number", 5)]:
        changed = Submission.objects.select_related("previous").get(pk=second.pk)
        setattr(changed, field, value)
        assert not verify(changed), field
    changed = Submission.objects.get(pk=second.pk)
    changed.submitted_at = changed.submitted_at.replace(year=2020)
    assert not verify(changed)
    second.previous.seal_sha256 = "0" * 64  # a changed predecessor breaks every later seal
    assert not verify(second)
