"""Members page with its role-change log and the background-job page: no axe violations, and nothing wider
than a 390 px phone screen; htmx keeps polling the job page under the Content-Security-Policy."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from gelingen.accounts.models import Membership, Organisation, User
from gelingen.jobs.models import Job
from tests.e2e.conftest import axe_violations, login

pytestmark = pytest.mark.e2e

ORG = "suchtberatung-nordstadt"
LEITUNG = f"leitung@{ORG}.example"
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}


def check_both_widths(page, what: str) -> None:
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{what} at {size['width']} px"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{what} is {width} px wide at {size['width']} px"


def test_members_page_with_role_log(page, demo):
    login(page, LEITUNG)
    member = Membership.objects.get(organisation__slug=ORG, user__email=f"team@{ORG}.example")
    page.goto(f"/o/{ORG}/members/{member.pk}/")
    page.get_by_label("Rolle").select_option("qm")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"**/o/{ORG}/members/")
    log = page.locator("table", has=page.locator("caption", has_text="Protokoll der Rollenänderungen"))
    assert "Qualitätsbeauftragte" in log.inner_text()
    check_both_widths(page, "members page")


def test_job_page_in_every_state(page, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = Organisation.objects.get(slug=ORG)
    common = {
        "organisation": org,
        "requested_by": User.objects.get(email=LEITUNG),
        "kind": "selfreport.export",
        "origin_url": org.get_absolute_url(),
    }
    running = Job.objects.create(
        **common, state=Job.State.RUNNING, progress=40, message="Seiten werden gesetzt"
    )
    failed = Job.objects.create(
        **common, state=Job.State.FAILED, error="Ein Bild fehlt im Speicher.", finished_at=timezone.now()
    )
    login(page, LEITUNG)

    page.goto(running.get_absolute_url())
    check_both_widths(page, "running job")
    # htmx polls the partial (no inline script or eval needed): the finished state appears by itself
    running.state, running.progress, running.message = Job.State.DONE, 100, "Fertig gesetzt."
    running.result_name = "Selbstreport Entwurf mit einem recht langen Dateinamen 2026-12-03.pdf"
    running.finished_at = timezone.now()
    running.expires_at = timezone.now() + timedelta(days=1)
    running.result.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    running.save()
    download = page.get_by_role("link", name="herunterladen")
    download.wait_for()
    check_both_widths(page, "finished job")

    page.goto(failed.get_absolute_url())
    assert page.get_by_role("alert").inner_text() == "Ein Bild fehlt im Speicher."
    check_both_widths(page, "failed job")
