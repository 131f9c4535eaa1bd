"""The main navigation is built once per language, kind and role and filled in per request: it follows
role changes, languages and the current page at once, and costs no query."""

import pytest
from django.urls import reverse

from gelingen.accounts.models import Membership, Organisation
from gelingen.accounts.roles import QM, STAFF
from gelingen.core import context_processors
from gelingen.core.context_processors import SLUG, main_nav_html
from tests.conftest import add_member


def _nav(html: str) -> str:
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.django_db
def test_role_change_shows_and_hides_the_settings_entry_at_once(client, org_a):
    user = add_member(org_a, STAFF, "wechsel@alpha.example")
    client.force_login(user)
    settings_url = reverse("organisation_settings", args=[org_a.slug])
    assert settings_url not in _nav(client.get(reverse("dashboard", args=[org_a.slug])).content.decode())
    Membership.objects.filter(user=user).update(role=QM)
    assert settings_url in _nav(client.get(reverse("dashboard", args=[org_a.slug])).content.decode())
    Membership.objects.filter(user=user).update(role=STAFF)
    assert settings_url not in _nav(client.get(reverse("dashboard", args=[org_a.slug])).content.decode())


@pytest.mark.django_db
def test_each_organisation_gets_its_own_links_and_current_page(client, org_a, org_b):
    user = add_member(org_a, QM, "beide@example.org")
    Membership.objects.create(user=user, organisation=org_b, role=QM)
    client.force_login(user)
    a = _nav(client.get(reverse("members", args=[org_a.slug])).content.decode())
    b = _nav(client.get(reverse("evidence:list", args=[org_b.slug])).content.decode())
    assert f'<a href="/o/{org_a.slug}/members/" aria-current="page">Mitglieder</a>' in a
    assert f'<a href="/o/{org_b.slug}/evidence/" aria-current="page">Nachweise</a>' in b
    assert a.count('aria-current="page"') == b.count('aria-current="page"') == 1
    assert f"/o/{org_b.slug}/" not in a and f"/o/{org_a.slug}/" not in b and SLUG not in a + b


@pytest.mark.django_db
def test_navigation_follows_the_language(client, org_a, qm_a):
    client.force_login(qm_a)
    qm_a.language = "en"
    qm_a.save(update_fields=["language"])
    english = _nav(client.get(reverse("dashboard", args=[org_a.slug])).content.decode())
    qm_a.language = "de"
    qm_a.save(update_fields=["language"])
    german = _nav(client.get(reverse("dashboard", args=[org_a.slug])).content.decode())
    assert ">Evidence<" in english and ">Members<" in english
    assert ">Nachweise<" in german and ">Mitglieder<" in german


def test_labels_are_escaped_and_kinds_differ():
    context_processors._built.clear()
    service = main_nav_html(Organisation.Kind.SERVICE, "x", "/o/x/", False)
    body = main_nav_html(Organisation.Kind.TESTING_BODY, "x", "/o/x/", True)
    assert 'data-nav-group="quality"' in service and 'data-nav-group="quality"' not in body
    assert '<a href="/o/x/" aria-current="page">' in service
    assert "/o/x/settings/" in body and "/o/x/settings/" not in service


@pytest.mark.django_db
def test_empty_organisation_page_costs_few_queries(client, org_a, qm_a, django_assert_max_num_queries):
    client.force_login(qm_a)
    client.get(reverse("members", args=[org_a.slug]))  # the session settles, the header's list is cached
    with django_assert_max_num_queries(5):  # session, person, membership, the grants page: 2
        response = client.get(reverse("organisation_grants", args=[org_a.slug]))
    assert response.status_code == 200
