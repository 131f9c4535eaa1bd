"""The visits app's pages in the registry of tests/test_tenant_isolation.py (organisations A and B):
strangers 404, read-only members 403 on writes, anonymous to the login; the testing-body and reviewer
sides are in test_visit_views.py, test_letter.py and test_workshops.py."""

from datetime import UTC, date, datetime

from django.core.files.base import ContentFile

from gelingen.testing.models import Procedure, Transition
from gelingen.testing.visits.models import DecisionLetter, Visit
from tests.isolation import pk


def cycle(world, side):
    return {"cycle": getattr(world, f"{side}_cycle").pk}


ORG_URLS = {
    "visits:index": None,
    "visits:visit": pk("procedure"),
    "visits:report": pk("procedure"),
    "visits:findings": pk("procedure"),
    "visits:protocol": pk("procedure"),
    "visits:protocol_file": pk("procedure", visit="visit"),
    "visits:issue_letter": pk("procedure"),
    "visits:letter_pdf": pk("procedure", letter="letter"),
    "visits:diff": pk("procedure"),
    "visits:workshop": cycle,
    "visits:schedule_workshop": cycle,
    "visits:record_workshop": cycle,
}


def populate(world, side, org, people):
    procedure = getattr(world, f"{side}_procedure", None)  # tests/testing/isolation.py runs first
    if procedure is None:
        procedure = Procedure.objects.create(
            organisation=org,
            testing_body=world.body,
            cycle=getattr(world, f"{side}_cycle"),
            registered_by=people["qm"],
            registered_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
        )
        setattr(world, f"{side}_procedure", procedure)
    visit = Visit.objects.create(
        procedure=procedure,
        on=date(2026, 2, 10),
        place="Hauptstelle",
        agenda="Rundgang",
        reported_at=datetime(2026, 1, 20, 9, 0, tzinfo=UTC),
        protocol_file_name="protokoll.pdf",
        submitted_at=datetime(2026, 2, 11, 9, 0, tzinfo=UTC),
    )
    visit.protocol_file.save("protokoll.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    setattr(world, f"{side}_visit", visit)
    decided = Transition.objects.create(
        procedure=procedure,
        step="decide_not_met",
        from_status=Procedure.Status.VISITED,
        to_status=Procedure.Status.NOT_MET,
        at=datetime(2026, 2, 20, 9, 0, tzinfo=UTC),
        on=date(2026, 2, 20),
    )
    letter = DecisionLetter(
        procedure=procedure,
        transition=decided,
        decision="not_met",
        letter_on=date(2026, 2, 20),
        pdf_sha256="0" * 64,
        issued_at=datetime(2026, 2, 20, 10, 0, tzinfo=UTC),
    )
    letter.pdf.save("entscheidung.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    letter.save()
    setattr(world, f"{side}_letter", letter)
