import pytest
from django.test import RequestFactory

from gelingen.core.client_address import client_address


def address(remote="192.0.2.1", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_forwarded_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address(forwarded="203.0.113.9") == "192.0.2.1"
    assert address(forwarded="") == "192.0.2.1"
    assert address(remote="") is None
    assert address(remote="kein-ort") is None


def test_the_setting_may_be_missing(settings):
    del settings.TRUSTED_PROXY_COUNT
    assert address(forwarded="203.0.113.9") == "192.0.2.1"


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),  # one proxy: the address it appended
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # forged entry on the left is ignored
        (1, "198.51.100.1,203.0.113.9", "203.0.113.9"),  # without blanks
        (1, " 203.0.113.9 ", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "2001:DB8:0:0::1", "2001:db8::1"),  # one IPv6 client, however it is spelt
        (1, "::ffff:203.0.113.9", "203.0.113.9"),  # IPv4 client seen by an IPv6 socket
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # CDN + nginx
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.2", "192.0.2.1"),  # shorter than the proxy chain: REMOTE_ADDR
        (1, "", "192.0.2.1"),
        (1, " , ", "192.0.2.1"),  # only empty entries
        (3, "a, b", "192.0.2.1"),
        (1, "<script>", "192.0.2.1"),  # garbage: REMOTE_ADDR
        (1, "203.0.113.9:4711", "192.0.2.1"),  # not an address (with port)
        (1, "198.51.100.1, unknown", "192.0.2.1"),
        (1, None, "192.0.2.1"),  # no header at all
    ],
)
def test_trusted_proxies_take_the_address_that_many_hops_from_the_right(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    assert address(forwarded=forwarded) == expected


def test_remote_addr_is_canonical_too(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address(remote="2001:DB8::0:1") == "2001:db8::1"
