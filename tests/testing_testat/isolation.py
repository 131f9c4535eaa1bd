"""Isolation registry of the Testat app (tests/test_tenant_isolation.py); its other tests live in
tests/testing_testat/."""

from datetime import UTC, datetime

from gelingen.testing.models import Procedure
from gelingen.testing.testat.models import Goal
from tests.isolation import pk


def _version(world, side):
    return {"pk": getattr(world, f"{side}_testat_procedure").pk, "number": 1}


ORG_URLS = {
    "testing_testat:index": None,
    "testing_testat:procedure": pk("testat_procedure"),
    "testing_testat:goal_add": pk("testat_procedure"),
    "testing_testat:take_proposals": pk("testat_procedure"),
    "testing_testat:submit_goals": pk("testat_procedure"),
    "testing_testat:goal_edit": pk("testat_procedure", goal_pk="goal"),
    "testing_testat:goal_delete": pk("testat_procedure", goal_pk="goal"),
    "testing_testat:goal_check": pk("testat_procedure", goal_pk="goal"),
    "testing_testat:issue_agreement": pk("testat_procedure"),
    "testing_testat:agreement_pdf": _version,
    "testing_testat:sign": pk("testat_procedure"),
    "testing_testat:upload_scan": pk("testat_procedure"),
    "testing_testat:scan": pk("testat_procedure"),
    "testing_testat:upload_protocol": pk("testat_procedure"),
    "testing_testat:protocol": pk("testat_procedure"),
    "testing_testat:testat_pdf": pk("testat_procedure"),
    "testing_testat:withdraw": pk("testat_procedure"),
}


def populate(world, side, org, people):
    # the cycle carries the testing app's procedure already: this one is after its final workshop
    from tests.conftest import make_cycle

    cycle = make_cycle(org, getattr(world, f"{side}_cycle").model, title="Zweiter Zyklus")
    procedure = Procedure.objects.create(
        organisation=org,
        testing_body=world.body,
        cycle=cycle,
        status=Procedure.Status.WORKSHOP_HELD,
        registered_by=people["qm"],
        registered_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
        workshop_held_on=datetime(2026, 4, 10).date(),
    )
    setattr(world, f"{side}_testat_procedure", procedure)
    setattr(world, f"{side}_goal", Goal.objects.create(procedure=procedure, title="Ziel", indicators="Eins"))
