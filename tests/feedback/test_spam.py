import hashlib

from django.core.cache import cache
from django.utils.crypto import salted_hmac

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
    for _ in range(spam.RATE_LIMIT):
        assert spam.take_slot(1, "10.0.0.1")
    assert spam.is_limited(1, "10.0.0.1")
    assert not spam.take_slot(1, "10.0.0.1")
    assert not spam.take_slot(1, "10.0.0.1")  # stays refused
    assert not spam.is_limited(2, "10.0.0.1") and spam.take_slot(2, "10.0.0.1")
    assert not spam.is_limited(1, "10.0.0.2") and spam.take_slot(1, "10.0.0.2")


def test_the_limit_is_counted_atomically():
    """Every request counts before it is accepted: a burst that all passed a "not limited yet" check
    together can no longer slip through (the old check-then-count let all of them pass)."""
    for _ in range(spam.RATE_LIMIT):
        assert not spam.is_limited(3, "10.0.0.9")  # what a burst of parallel requests would all see
    results = [spam.take_slot(3, "10.0.0.9") for _ in range(spam.RATE_LIMIT + 3)]
    assert results == [True] * spam.RATE_LIMIT + [False] * 3
    assert cache.get(spam._key(3, "10.0.0.9")) == spam.RATE_LIMIT + 3


def test_a_counter_that_expired_between_add_and_incr_starts_a_new_window(monkeypatch):
    calls = []
    real_incr = cache.incr

    def incr(key, *args, **kwargs):
        calls.append(key)
        if len(calls) == 1:
            cache.delete(key)  # expired just now
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", incr)
    assert spam.take_slot(4, "10.0.0.4")
    assert cache.get(spam._key(4, "10.0.0.4")) == 1


def test_the_cache_key_does_not_reveal_the_address(monkeypatch):
    key = spam._key(1, "203.0.113.45")
    assert "203.0.113.45" not in key
    assert key == "feedback-rate:" + salted_hmac("feedback-rate", "203.0.113.45|1").hexdigest()
    # a plain hash of the address (which could be reversed by trying all IPv4 addresses) is not used
    assert hashlib.sha256(b"203.0.113.45").hexdigest()[:24] not in key
    assert spam._key(1, "203.0.113.45") != spam._key(2, "203.0.113.45")
    assert spam._key(1, "10.0.0.12") != spam._key(12, "10.0.0.1")
    used = []
    for name in ("add", "incr", "get"):
        real = getattr(cache, name)
        monkeypatch.setattr(cache, name, lambda k, *a, _real=real, **kw: used.append(k) or _real(k, *a, **kw))
    spam.take_slot(1, "203.0.113.45")
    spam.is_limited(1, "203.0.113.45")
    assert used and all(k == key for k in used)


def test_the_key_depends_on_the_secret_key(settings):
    before = spam._key(1, "203.0.113.45")
    settings.SECRET_KEY = "ein-anderer-geheimer-schluessel-" + "x" * 40
    assert spam._key(1, "203.0.113.45") != before
