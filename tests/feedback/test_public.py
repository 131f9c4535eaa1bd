import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gelingen.accounts.models import Organisation
from gelingen.quality.feedback import spam
from gelingen.quality.feedback.models import Feedback, UsedFeedbackToken

pytestmark = pytest.mark.django_db


def form_url(org):
    return reverse("feedback_public:form", args=[org.slug])


def data(org, **extra):
    return {
        "kind": "complaint",
        "text": "Die Wartezeit am Telefon war sehr lang.",
        "token": spam.issue_token(org.pk, now=time.time() - 10),
        **extra,
    }


def test_form_needs_no_login_and_marks_optional_fields(client, org_a):
    response = client.get(form_url(org_a))
    text = response.content.decode()
    assert response.status_code == 200
    assert org_a.name in text
    assert "Ihr Name (freiwillig)" in text and "E-Mail oder Telefon (freiwillig)" in text
    assert "Datenschutz" in text and 'name="token"' in text
    assert "csrfmiddlewaretoken" in text


def test_anonymous_submission_lands_as_new_online_entry(client, org_a):
    response = client.post(form_url(org_a), data(org_a))
    assert response.status_code == 302 and response.url == reverse(
        "feedback_public:thanks", args=[org_a.slug]
    )
    entry = Feedback.objects.get(organisation=org_a)
    assert (entry.kind, entry.channel, entry.status, entry.source) == (
        "complaint",
        "online",
        "new",
        "unknown",
    )
    assert entry.contact == "" and entry.contact_name == "" and entry.created_by is None
    assert "Vielen Dank" in client.get(response.url).content.decode()


def test_contact_is_stored_only_when_given(client, org_a):
    client.post(
        form_url(org_a), data(org_a, contact_name="  Erika   Muster ", contact=" 0511 123 ", source="partner")
    )
    entry = Feedback.objects.get(organisation=org_a)
    assert (entry.contact_name, entry.contact, entry.source) == ("Erika Muster", "0511 123", "partner")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": ""}, "Bitte wählen Sie aus, worum es geht."),
        ({"kind": "evaluation"}, "Bitte eine gültige Auswahl treffen."),
        ({"text": "  "}, "Bitte schreiben Sie uns Ihre Rückmeldung."),
        ({"text": "x" * 4001}, "Bitte fassen Sie sich kürzer (höchstens 4000 Zeichen)."),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, org_a, change, message):
    response = client.post(form_url(org_a), data(org_a, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_too_fast_submission_is_refused(client, org_a):
    response = client.post(form_url(org_a), data(org_a, token=spam.issue_token(org_a.pk)))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Das ging sehr schnell." in text
    assert "Die Wartezeit am Telefon war sehr lang." in text  # the text is kept for a second try
    assert not Feedback.objects.exists()


def test_forged_or_foreign_token_is_refused(client, org_a, org_b):
    for token in ("kaputt", spam.issue_token(org_b.pk, now=time.time() - 10)):
        response = client.post(form_url(org_a), data(org_a, token=token))
        assert "Das Formular konnte nicht geprüft werden." in response.content.decode()
    assert not Feedback.objects.exists()


def test_honeypot_is_a_field_no_autofill_knows(client, org_a):
    text = client.get(form_url(org_a)).content.decode()
    honeypot = re.search(r'<input[^>]*name="hp_k7q"[^>]*>', text).group(0)
    assert 'autocomplete="off"' in honeypot and 'tabindex="-1"' in honeypot
    assert 'name="website"' not in text  # browsers and password managers fill in "website"
    assert re.search(
        r'<div class="visually-hidden" aria-hidden="true"><label for="id_hp_k7q">Bitte leer lassen', text
    )


def test_honeypot_pretends_success_but_stores_nothing(client, org_a):
    response = client.post(form_url(org_a), data(org_a, hp_k7q="http://spam.example"))
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_empty_honeypot_stores_the_entry(client, org_a):
    """A browser that autofilled its usual fields (website, name, ...) still gets through."""
    response = client.post(
        form_url(org_a),
        data(org_a, hp_k7q="", website="https://erika.example", name="Erika", email="e@x.example"),
    )
    assert response.status_code == 302
    assert Feedback.objects.filter(organisation=org_a).count() == 1


def test_honeypot_keeps_the_fill_time_check(client, org_a):
    response = client.post(form_url(org_a), data(org_a, hp_k7q="", token=spam.issue_token(org_a.pk)))
    assert response.status_code == 400 and "Das ging sehr schnell." in response.content.decode()
    assert not Feedback.objects.exists()


def test_empty_post_shows_the_required_fields(client, org_a):
    response = client.post(form_url(org_a), {})
    text = response.content.decode()
    assert response.status_code == 400
    assert (
        "Bitte wählen Sie aus, worum es geht." in text and "Bitte schreiben Sie uns Ihre Rückmeldung." in text
    )
    assert not Feedback.objects.exists()


def test_text_errors_are_referenced_by_the_textarea(client, org_a):
    text = client.post(form_url(org_a), data(org_a, text="")).content.decode()
    textarea = re.search(r"<textarea[^>]*>", text).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', textarea).group(1)
    assert 'aria-invalid="true"' in textarea
    for error_id in described.split():
        assert re.search(rf'<ul class="errorlist" id="{error_id}"><li>Bitte schreiben Sie uns', text)
    fieldset = client.post(form_url(org_a), data(org_a, kind="")).content.decode()
    assert '<fieldset aria-describedby="kind-errors">' in fieldset and 'id="kind-errors"' in fieldset


def test_rate_limit_per_address_and_organisation(client, org_a, org_b):
    for _ in range(5):
        assert client.post(form_url(org_a), data(org_a)).status_code == 302
    response = client.post(form_url(org_a), data(org_a))
    assert response.status_code == 429
    assert "Bitte versuchen Sie es später noch einmal" in response.content.decode()
    assert Feedback.objects.filter(organisation=org_a).count() == 5
    # another organisation and another address are not affected
    assert client.post(form_url(org_b), data(org_b)).status_code == 302
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(form_url(org_a), data(org_a)).status_code == 302


def test_rate_limit_counts_before_accepting(client, org_a, monkeypatch):
    """Requests that all passed the early check at once are still refused by the atomic count."""
    monkeypatch.setattr(spam, "is_limited", lambda *args: False)
    results = [client.post(form_url(org_a), data(org_a)).status_code for _ in range(7)]
    assert results == [302] * 5 + [429] * 2
    assert Feedback.objects.filter(organisation=org_a).count() == 5


def test_rate_limit_behind_a_proxy_is_per_visitor(settings, org_a):
    """Behind one reverse proxy all requests share its address; the visitor's is in X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1

    def visitor(address, forged=""):
        forwarded = f"{forged}, {address}" if forged else address
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    for i in range(5):
        # a forged left-hand entry does not give a fresh allowance
        assert (
            visitor("203.0.113.9", forged=f"198.51.100.{i}").post(form_url(org_a), data(org_a)).status_code
            == 302
        )
    assert visitor("203.0.113.9").post(form_url(org_a), data(org_a)).status_code == 429
    assert visitor("203.0.113.10").post(form_url(org_a), data(org_a)).status_code == 302
    assert Feedback.objects.filter(organisation=org_a).count() == 6


def test_only_service_organisations_have_a_form(client, org_a):
    body = Organisation.objects.create(
        name="Testierstelle", slug="pruef", kind=Organisation.Kind.TESTING_BODY
    )
    assert client.get(form_url(body)).status_code == 404
    assert client.post(form_url(body), data(body)).status_code == 404
    assert client.get("/feedback/gibt-es-nicht/").status_code == 404
    assert client.get(reverse("feedback_public:thanks", args=[body.slug])).status_code == 404


def test_csrf_stays_on(org_a):
    client = Client(enforce_csrf_checks=True)
    assert client.post(form_url(org_a), data(org_a)).status_code == 403
    assert not Feedback.objects.exists()


def test_public_page_shows_no_member_navigation(client, org_a):
    text = client.get(form_url(org_a)).content.decode()
    assert "Hauptnavigation" not in text


def test_a_form_copy_is_accepted_once_from_any_address(client, org_a):
    """The signed token used to be valid for 24 hours from anywhere: a replay stored a second entry."""
    sent = data(org_a)
    assert client.post(form_url(org_a), sent).status_code == 302
    for replay in (client, Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="203.0.113.1")):
        response = replay.post(form_url(org_a), sent)
        assert response.status_code == 400
        assert "Dieses Formular wurde bereits abgeschickt" in response.content.decode()
    assert Feedback.objects.filter(organisation=org_a).count() == 1


def test_a_refused_replay_leaves_the_token_record_alone_and_a_new_form_works(client, org_a):
    sent = data(org_a)
    client.post(form_url(org_a), sent)
    client.post(form_url(org_a), sent)
    assert UsedFeedbackToken.objects.count() == 1
    assert client.post(form_url(org_a), data(org_a)).status_code == 302
    assert Feedback.objects.count() == 2


def test_forms_opened_in_the_same_instant_are_separate(org_a):
    assert spam.issue_token(org_a.pk, now=1_800_000_000.0) != spam.issue_token(org_a.pk, now=1_800_000_000.0)


def test_spent_tokens_are_forgotten_after_their_lifetime(db):
    then = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert spam.spend_token("alt", now=then)
    assert not spam.spend_token("alt", now=then + timedelta(hours=23))
    assert spam.spend_token("neu", now=then + timedelta(seconds=spam.MAX_AGE_SECONDS + 1))
    assert list(UsedFeedbackToken.objects.values_list("used_at", flat=True)) == [
        then + timedelta(seconds=spam.MAX_AGE_SECONDS + 1)
    ]
    assert "alt" not in UsedFeedbackToken.objects.get().digest  # only a hash is kept
