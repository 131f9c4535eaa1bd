from django.test import RequestFactory

from gelingen.quality.feedback import spam

NOW = 1_800_000_000.0


def test_token_accepts_a_human_pace():
    token = spam.issue_token(7, now=NOW)
    assert spam.token_problem(token, 7, now=NOW + 3) is None
    assert spam.token_problem(token, 7, now=NOW + 600) is None


def test_token_refuses_bots_old_forms_and_forgeries():
    token = spam.issue_token(7, now=NOW)
    assert spam.token_problem(token, 7, now=NOW + 1) == "too_fast"
    assert spam.token_problem(token, 7, now=NOW + 2 * 24 * 3600) == "expired"
    assert spam.token_problem(token, 8, now=NOW + 10) == "invalid"  # another organisation's form
    assert spam.token_problem(token[:-2] + "xx", 7, now=NOW + 10) == "invalid"
    assert spam.token_problem("", 7, now=NOW + 10) == "invalid"


def test_rate_limit_per_organisation_and_address():
    for _ in range(spam.RATE_LIMIT - 1):
        spam.count_submission(1, "10.0.0.1")
    assert not spam.is_limited(1, "10.0.0.1")
    spam.count_submission(1, "10.0.0.1")
    assert spam.is_limited(1, "10.0.0.1")
    assert not spam.is_limited(2, "10.0.0.1")
    assert not spam.is_limited(1, "10.0.0.2")


def test_client_address_ignores_forwarded_headers():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert spam.client_address(request) == "192.0.2.1"
