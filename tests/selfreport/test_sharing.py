"""A frozen submission shared read-only with a testing body."""

import pytest
from django.urls import reverse

from gelingen.accounts.models import Grant, Organisation
from gelingen.accounts.roles import OFFICER, REVIEWER
from tests.conftest import add_member

from .factories import PDF, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def body(db):
    return Organisation.objects.create(name="Testierungsstelle Nord", slug="nord", kind="testing_body")


@pytest.fixture
def submission(report, qm_a):
    return make_submission(report, qm_a)


def _page(org, submission):
    return reverse("selfreport:submission", args=[org.slug, submission.report.cycle_id, submission.number])


def _share(org, submission):
    return reverse(
        "selfreport:submission_share", args=[org.slug, submission.report.cycle_id, submission.number]
    )


def test_manager_shares_a_submission_and_the_testing_body_reads_it(client, org_a, qm_a, submission, body):
    client.force_login(qm_a)
    page = client.get(_page(org_a, submission)).content.decode()
    assert "Für eine Testierungsstelle freigeben" in page and body.name in page
    response = client.post(_share(org_a, submission), {"grantee_organisation": body.pk, "valid_until": ""})
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert (grant.owner, grant.grantee_organisation, grant.permission, grant.target) == (
        org_a,
        body,
        "view",
        submission,
    )
    assert "Einreichung 1" in grant.title and org_a.name in grant.title

    reviewer = add_member(body, REVIEWER)
    client.force_login(reviewer)
    shared = client.get(reverse("shared_with_me")).content.decode()
    url = reverse("selfreport_shared:submission", args=[submission.pk])
    assert url in shared
    detail = client.get(url)
    assert detail.status_code == 200 and detail.context["request"].access == "grantee"
    content = detail.content.decode()
    assert "ja, alle Prüfsummen stimmen" in content and submission.pdf_sha256 in content
    file = client.get(reverse("selfreport_shared:submission_file", args=[submission.pk, "pdf"]))
    assert b"".join(file.streaming_content) == PDF
    assert (
        client.get(reverse("selfreport_shared:submission_file", args=[submission.pk, "zip"])).status_code
        == 404
    )
    # the grant opens the submission, nothing else of the organisation
    assert client.get(reverse("dashboard", args=[org_a.slug])).status_code == 404
    assert client.get(_page(org_a, submission)).status_code == 404


def test_owner_sees_the_same_granted_page_as_owner(client, qm_a, submission):
    client.force_login(qm_a)
    response = client.get(reverse("selfreport_shared:submission", args=[submission.pk]))
    assert response.status_code == 200 and response.context["request"].access == "owner"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Bitte wählen Sie, mit wem Sie teilen."),
        ({"grantee_organisation": "service"}, "Mit dieser Organisation kann hier nicht geteilt werden."),
        ({"grantee_organisation": "body", "valid_until": "2020-01-01"}, "nicht in der Vergangenheit"),
        ({"grantee_organisation": "body", "valid_until": "morgen"}, "gültiges Datum"),
    ],
)
def test_bad_share_input_saves_nothing(client, org_a, org_b, qm_a, submission, body, data, message):
    data = {k: {"service": org_b.pk, "body": body.pk}.get(v, v) for k, v in data.items()}
    client.force_login(qm_a)
    response = client.post(_share(org_a, submission), data, follow=True)
    assert message in response.content.decode()
    assert not Grant.objects.exists()


def test_only_managers_share(client, org_a, staff_a, submission, body):
    client.force_login(staff_a)
    assert client.post(_share(org_a, submission), {"grantee_organisation": body.pk}).status_code == 403
    assert "Für eine Testierungsstelle freigeben" not in client.get(_page(org_a, submission)).content.decode()
    assert not Grant.objects.exists()


def test_revoke_from_the_submission_page_returns_there(client, org_a, qm_a, submission, body):
    client.force_login(qm_a)
    client.post(_share(org_a, submission), {"grantee_organisation": body.pk})
    grant = Grant.objects.get()
    page = _page(org_a, submission)
    response = client.post(reverse("grant_revoke", args=[org_a.slug, grant.pk]), {"next": page})
    assert response.url == page
    officer = add_member(body, OFFICER)
    client.force_login(officer)
    assert client.get(reverse("selfreport_shared:submission", args=[submission.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 8])
def test_granted_page_queries_are_bounded(client, report, qm_a, body, django_assert_max_num_queries, n):
    from gelingen.accounts import grants

    reviewer = add_member(body, REVIEWER)
    items = [make_submission(report, qm_a, number=i + 1) for i in range(n)]
    for item in items:
        grants.share(item, by=qm_a, grantee_organisation=body)
    client.force_login(reviewer)
    url = reverse("selfreport_shared:submission", args=[items[-1].pk])
    client.get(url)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
