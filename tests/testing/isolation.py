from datetime import UTC, datetime

from gelingen.testing.models import Procedure
from tests.isolation import pk


def _step(key: str):
    def build(world, side):
        return {"pk": getattr(world, f"{side}_procedure").pk, "key": key}

    return build


ORG_URLS = {
    "testing:list": None,
    "testing:register": None,
    "testing:procedure": pk("procedure"),
    "testing:step": _step("withdraw"),
}


def populate(world, side, org, people):
    procedure = Procedure.objects.create(
        organisation=org,
        testing_body=world.body,
        cycle=getattr(world, f"{side}_cycle"),
        registered_by=people["qm"],
        registered_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
    )
    setattr(world, f"{side}_procedure", procedure)
