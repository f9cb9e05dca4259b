"""core.net.client_address: X-Forwarded-For only from configured proxies."""

import pytest
from django.test import RequestFactory

from core.net import client_address


def request(remote="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_by_default_the_socket_address_and_never_the_header(settings):
    settings.TRUSTED_PROXIES, settings.NUM_PROXIES = [], 0
    assert client_address(request(forwarded="198.51.100.1")) == "192.0.2.10"
    assert client_address(request()) == "192.0.2.10"


@pytest.mark.parametrize(
    "remote,forwarded,client",
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),  # through the proxy
        ("10.0.0.2", "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # forged left part ignored
        ("10.0.0.2", "203.0.113.5, 10.0.0.3", "203.0.113.5"),  # two trusted proxies
        ("192.0.2.10", "203.0.113.5", "192.0.2.10"),  # not from a proxy: header ignored
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
        ("10.0.0.2", "203.0.113.5\x00", "10.0.0.2"),
    ],
)
def test_trusted_proxies_by_address_or_block(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES, settings.NUM_PROXIES = ["10.0.0.0/8", "127.0.0.1"], 0
    assert client_address(request(remote, forwarded)) == client


@pytest.mark.parametrize(
    "forwarded,client",
    [
        ("203.0.113.5", "203.0.113.5"),
        ("198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (None, "192.0.2.10"),
        ("garbage", "192.0.2.10"),
    ],
)
def test_a_number_of_proxies(settings, forwarded, client):
    settings.TRUSTED_PROXIES, settings.NUM_PROXIES = [], 1
    assert client_address(request(forwarded=forwarded)) == client
