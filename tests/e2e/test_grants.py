"""A testing body reads the submission an organisation shared with it; the organisation revokes it."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def test_testing_body_reads_a_shared_submission_until_it_is_revoked(page, demo, browser):
    login(page, "gutachterin@testierung-nord.example")
    nav(page).get_by_role("link", name="Freigaben").click()
    page.get_by_role("link", name="Alles, was für mich freigegeben ist").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Selbstreport Jugendhilfe Am Fluss gGmbH, Einreichung 1").click()
    page.get_by_role("heading", name="Selbstreport, Einreichung 1").wait_for()
    assert page.get_by_text("ja, alle Prüfsummen stimmen").is_visible()
    assert axe_violations(page) == []
    shared_url = page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen").click()
    assert download.value.suggested_filename.endswith(".pdf")

    owner = browser.new_context(
        base_url=page.url.split("/shared/")[0], locale="de-DE", timezone_id="Europe/Berlin"
    )
    owner_page = owner.new_page()
    login(owner_page, "leitung@jugendhilfe-am-fluss.example")
    nav(owner_page).get_by_role("link", name="Freigaben").click()
    assert axe_violations(owner_page) == []
    # the officers hold grants of their own (from the procedure); the reviewer reads through the body's
    owner_page.get_by_role(
        "button",
        name="zurücknehmen Selbstreport Jugendhilfe Am Fluss gGmbH, Einreichung 1, "
        "Testierungsstelle Soziale Qualität Nord",
        exact=True,
    ).click()
    owner_page.get_by_text("wurde zurückgenommen").first.wait_for()
    owner.close()

    response = page.goto(shared_url)
    assert response.status == 404
