"""Every page carries the strict Content-Security-Policy and the Permissions-Policy; downloads keep their
own, stricter policy (sandbox). The pages are those of the tenant-isolation registry plus every URL that
takes no argument, so a new view is covered from its first commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.evidence import files
from tests.evidence.test_views import form_data as evidence_form
from tests.test_tenant_isolation import (  # noqa: F401 (world and shared are fixtures)
    GRANTED_URLS,
    ORG_URLS,
    granted_url,
    shared,
    url_for,
    world,
)

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DOWNLOAD_CSP = "default-src 'none'; sandbox"
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def assert_headers(response) -> None:
    """The strict policy on every response; stored files (core.uploads.file_response) bring the sandbox."""
    csp = response.get("Content-Security-Policy", "")
    if csp == DOWNLOAD_CSP:
        assert response["Content-Disposition"].startswith("attachment")
    else:
        found = directives(csp)
        for name, value in STRICT.items():
            assert found.get(name) == value, (name, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    policy = response.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _plain_url_names(patterns=None, namespace="") -> list[str]:
    """Names of URLs that take no argument (login, profile, catalogue list, ...), admin left out."""
    names = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if "<" in str(p.pattern) or str(p.pattern).startswith("admin/"):
                continue
            names += _plain_url_names(
                p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace
            )
        elif isinstance(p, URLPattern) and p.name and "<" not in str(p.pattern):
            names.append(f"{namespace}{p.name}")
    return sorted(set(names))


def get_with_files(client, url: str, settings):
    """GET a page; the registry's objects name stored files that do not exist yet: write them (under
    MEDIA_ROOT only) and ask again."""
    for _ in range(5):
        try:
            return client.get(url)
        except FileNotFoundError as exc:
            path = Path(exc.filename)
            assert Path(settings.MEDIA_ROOT) in path.parents
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files.PDF)
    raise AssertionError(url)


@pytest.mark.parametrize("name", sorted(ORG_URLS))
def test_every_organisation_page_has_the_policies(client, world, qm_a, name, settings):  # noqa: F811
    client.force_login(qm_a)
    response = get_with_files(client, url_for(name, world, "a", "a"), settings)
    assert response.status_code in (200, 302, 404, 405)  # 404: a download whose file the view misses
    assert_headers(response)


@pytest.mark.parametrize("name", sorted(GRANTED_URLS))
def test_every_granted_page_has_the_policies(client, world, shared, name, settings):  # noqa: F811
    client.force_login(shared.officer)
    response = get_with_files(client, granted_url(name, world), settings)
    assert response.status_code in (200, 302, 405)
    assert_headers(response)


@pytest.mark.parametrize("name", _plain_url_names())
def test_pages_without_arguments_have_the_policies(client, qm_a, name):
    assert_headers(client.get(reverse(name)))  # anonymous: the page itself or the login redirect
    client.force_login(qm_a)
    assert_headers(client.get(reverse(name)))


def test_error_pages_and_admin_have_the_policies(client, qm_a):
    assert_headers(client.get("/gibt-es-nicht/"))
    assert_headers(client.get("/admin/login/"))
    client.force_login(qm_a)
    assert_headers(client.get("/o/unbekannt/"))


def test_downloads_keep_their_sandbox(client, staff_a, org_a, cycle_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_a)
    response = client.post(
        reverse("evidence:create", args=[org_a.slug]),
        evidence_form(location="", upload=files.upload("Protokoll.pdf", files.PDF)),
    )
    assert response.status_code == 302, response.content
    evidence = org_a.evidence.get()
    response = client.get(reverse("evidence:download", args=[org_a.slug, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP
    assert "camera=()" in response["Permissions-Policy"]
    response.close()


def test_report_only_mode_sends_the_same_policy_without_enforcing_it(client, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    del settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"])["script-src"] == "'self'"


def test_htmx_is_configured_for_the_policy(client):
    import json
    import re

    page = client.get(reverse("login")).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page).group(1))
    assert config == {"includeIndicatorStyles": False, "allowEval": False, "allowScriptTags": False}
    assert page.index('name="htmx-config"') < page.index("htmx-2.min.js")  # read before htmx starts


def test_csp_report_only_comes_from_the_environment(tmp_path):
    from tests.test_settings import _production_setting

    assert _production_setting(tmp_path, "CONTENT_SECURITY_POLICY_REPORT_ONLY") == "None"
    assert "script-src" in _production_setting(tmp_path, "CONTENT_SECURITY_POLICY")
    assert _production_setting(tmp_path, "CONTENT_SECURITY_POLICY", CSP_REPORT_ONLY="1") == "None"
    assert "script-src" in _production_setting(
        tmp_path, "CONTENT_SECURITY_POLICY_REPORT_ONLY", CSP_REPORT_ONLY="1"
    )
