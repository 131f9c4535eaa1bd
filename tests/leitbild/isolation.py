"""Leitbild URLs for tests/test_tenant_isolation.py."""

from django.utils import timezone

from gelingen.quality.leitbild import drafts
from gelingen.quality.leitbild.models import Participation, RevisionPlan
from tests.isolation import pk

ORG_URLS = {
    "leitbild:overview": None,
    "leitbild:draft_edit": None,
    "leitbild:draft_start": None,
    "leitbild:draft_discard": None,
    "leitbild:publish": None,
    "leitbild:history": None,
    "leitbild:version": pk("leitbild_version"),
    "leitbild:communication": pk("leitbild_version"),
    "leitbild:diff": None,
    "leitbild:revision": None,
    "leitbild:participation_list": None,
    "leitbild:participation_add": None,
    "leitbild:participation_edit": pk("leitbild_participation"),
    "leitbild:participation_delete": pk("leitbild_participation"),
}


def populate(world, side, org, people):
    draft = drafts.start_draft(org, people["qm"], copy_current=False)
    drafts.save_draft(draft, people["qm"], "", {"identity": f"Wir sind {org.name}."}, draft.edit_count)
    version = drafts.publish(draft, people["qm"], "Erste Fassung")
    drafts.start_draft(org, people["qm"])  # an open draft for the draft pages
    setattr(world, f"{side}_leitbild_version", version)
    setattr(
        world,
        f"{side}_leitbild_participation",
        Participation.objects.create(
            organisation=org, version=version, held_on=timezone.localdate(), participants="Team"
        ),
    )
    RevisionPlan.objects.create(organisation=org, responsible=people["qm"])
