from gelingen.jobs import runner
from tests.isolation import pk

from . import kinds  # noqa: F401  registers the test job kinds

ORG_URLS = {"jobs:detail": pk("job"), "jobs:result": pk("job")}


def populate(world, side, org, people):
    job = runner.enqueue("tests.echo", org, people["qm"], {"text": "x"})
    setattr(world, f"{side}_job", job)
