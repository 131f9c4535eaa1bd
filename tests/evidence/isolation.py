from gelingen.quality.evidence.models import Evidence
from gelingen.quality.evidence.register import save_evidence
from tests.isolation import pk

ORG_URLS = {
    "evidence:list": None,
    "evidence:create": None,
    "evidence:detail": pk("evidence"),
    "evidence:edit": pk("evidence"),
    "evidence:delete": pk("evidence"),
    "evidence:download": pk("evidence"),
    "evidence:cycle": pk("cycle"),
    "evidence:cycle_csv": pk("cycle"),
    "evidence:cycle_pdf": pk("cycle"),
}


def populate(world, side, org, people):
    evidence = Evidence(organisation=org, area_number=3, title="Prozesslandkarte", location="Ordner QM")
    save_evidence(evidence, people["qm"])
    # A file name without a stored file: isolation only checks who may reach the view.
    Evidence.objects.filter(pk=evidence.pk).update(file=f"org-{org.pk}/evidence/x.pdf", file_name="x.pdf")
    setattr(world, f"{side}_evidence", evidence)
