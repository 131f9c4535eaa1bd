"""A Selbstreport that passes every check but the page count (a real one has 60+ pages)."""

import pytest
from django.utils import timezone

from gelingen.catalogue.models import Requirement
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.evidence.register import save_evidence
from gelingen.quality.handbook.models import KeyProcess, ProcessStep
from gelingen.quality.leitbild.models import SECTION_KEYS, LeitbildSection, LeitbildVersion
from gelingen.selfreport import lint
from gelingen.selfreport.setup import create_report

GOOD_B = (
    "Unsere DgD verspricht, dass Ratsuchende ohne Wartezeit einen ersten Kontakt finden. Die offene "
    "Sprechstunde senkt die Schwelle, weil niemand vorher anrufen muss; dadurch erreichen wir Menschen früher."
)


def publish_leitbild(org, user, missing=()):
    version = LeitbildVersion.objects.create(
        organisation=org, number=1, created_by=user, published_at=timezone.now(), published_by=user
    )
    for key, title in SECTION_KEYS:
        LeitbildSection.objects.create(
            version=version, key=key, text="" if key in missing else f"Aussage zu {title}."
        )
    return version


def add_evidence(org, user, area: int, title: str, requirements=()):
    evidence = Evidence(organisation=org, area_number=area, title=title, location="Ordner QM")
    return save_evidence(evidence, user, requirements=list(requirements))


@pytest.fixture
def report(cycle_a, qm_a):
    return create_report(cycle_a, qm_a)


@pytest.fixture
def complete_report(report, org_a, qm_a):
    publish_leitbild(org_a, qm_a)
    process = KeyProcess.objects.create(organisation=org_a, name="Erstkontakt", shown_in_full=True)
    ProcessStep.objects.create(process=process, position=1, text="Anfrage annehmen", responsible_role="Team")
    first = add_evidence(org_a, qm_a, 1, "Leitbild-Protokoll", Requirement.objects.filter(code="QB1.1"))
    for chapter in report.chapters.select_related("area"):
        if chapter.is_area:
            chapter.answer_a = f"So erfüllen wir {chapter.title}: jährlich im März prüfen wir alles."
            chapter.answer_b = GOOD_B
            chapter.answer_c = "Wir bewerten die Ergebnisse jährlich und behalten das Verfahren bei."
            chapter.answer_d = f"Dokumentiert in [{first.identifier}]."
            chapter.save()
            chapter.requirements.set(chapter.area.requirements.all())
        elif not chapter.optional:
            chapter.body = f"Text für {chapter.title}."
            chapter.save()
    return report


@pytest.fixture
def no_page_limit(monkeypatch):
    """Tiny test reports have a handful of pages; the 60-90 rule is tested on its own."""
    monkeypatch.setitem(lint.PAGE_LIMITS, "first", (1, 1000))
    monkeypatch.setitem(lint.PAGE_LIMITS, "retest", (1, 1000))
