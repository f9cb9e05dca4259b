"""Lockout per account, not per spelling; unknown logins count per client address; the API
and the login page share the count; the client is who core.net.client_address says."""

import pytest
from django.test import Client

from accounts import lockout
from tests import factories as f

TWELVE = [
    "599111111",
    "599-111-111",
    "+995 599 111 111",
    "x599111111",
    "５９９１１１１１１",
    "+995٥٩٩١١١١١١",
    "995599111111",
    "00995599111111",
    "(599) 11 11 11",
    "599.111.111",
    " 599111111 ",
    "+995-599-11-11-11",
]


@pytest.fixture
def owner(terjola):
    return f.UserFactory(email="owner@example.ge", phone="+995599111111", phone_verified=True)


def token(api, login, password="bad guess", **headers):
    return api().post("/api/v1/auth/token/", {"login": login, "password": password}, **headers)


def test_twelve_spellings_of_one_phone_count_as_one_account(api, owner):
    assert len(set(TWELVE)) == 12
    answers = [token(api, spelling).status_code for spelling in TWELVE]
    # eight failures lock the account; every later spelling is refused as locked
    assert answers == [401] * lockout.MAX_FAILURES + [429] * (12 - lockout.MAX_FAILURES)
    right = token(api, "owner@example.ge", f.PASSWORD)
    assert right.status_code == 429 and "15 minutes" in right.json()["error"]["message"]


def test_the_web_login_and_the_api_share_one_count_per_account(api, owner):
    web = Client(HTTP_ACCEPT_LANGUAGE="en")
    for spelling in TWELVE[:4]:
        assert web.post("/accounts/login/", {"username": spelling, "password": "x"}).status_code
    for spelling in TWELVE[4:8]:
        assert token(api, spelling).status_code == 401
    page = web.post("/accounts/login/", {"username": "OWNER@example.ge", "password": f.PASSWORD})
    assert page.status_code == 200 and "15 minutes" in page.content.decode()
    assert "_auth_user_id" not in web.session
    assert token(api, TWELVE[9], f.PASSWORD).status_code == 429


def test_e_mail_spellings_count_as_one_account(api, owner):
    for spelling in ["owner@example.ge", "OWNER@example.ge", " Owner@Example.GE "] * 3:
        token(api, spelling)
    assert token(api, "owner@example.ge", f.PASSWORD).status_code == 429


@pytest.fixture
def roomy_auth_rate(monkeypatch):
    """The per-address `auth` throttle (30/min) out of the way, to see the lockout itself."""
    from core.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "1000/min")


def test_unknown_logins_count_per_client_address(api, owner, roomy_auth_rate):
    for n in range(lockout.MAX_UNKNOWN_PER_ADDRESS):
        assert token(api, f"nobody{n}@example.ge", REMOTE_ADDR="203.0.113.7").status_code == 401
    locked = token(api, "nobody-else@example.ge", REMOTE_ADDR="203.0.113.7")
    assert locked.status_code == 429
    # another address is not locked, and neither is the real account
    assert token(api, "nobody-else@example.ge", REMOTE_ADDR="203.0.113.8").status_code == 401
    assert token(api, "599111111", f.PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 200


def test_a_forged_forwarded_header_does_not_reset_the_unknown_login_count(
    api, owner, roomy_auth_rate
):
    for n in range(lockout.MAX_UNKNOWN_PER_ADDRESS):
        token(api, f"nobody{n}@example.ge", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    res = token(api, "nobody@example.ge", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert res.status_code == 429


def test_twelve_spellings_on_the_login_page_count_as_one_account(owner):
    web = Client(HTTP_ACCEPT_LANGUAGE="en")
    pages = [
        web.post("/accounts/login/", {"username": spelling, "password": "bad guess"})
        for spelling in TWELVE
    ]
    locked = ["15 minutes" in page.content.decode() for page in pages]
    assert locked == [False] * lockout.MAX_FAILURES + [True] * (12 - lockout.MAX_FAILURES)
    right = web.post("/accounts/login/", {"username": "599111111", "password": f.PASSWORD})
    assert right.status_code == 200 and "_auth_user_id" not in web.session
