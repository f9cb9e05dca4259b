"""Login, registration, phone codes and ballots are throttled: past its rate, each answers 429
in the error shape. Rates come from settings (THROTTLE_*); here they are lowered to 2 a minute.
Lockout after repeated failed logins: tests/accounts/test_auth.py."""

import datetime

import pytest
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

from voting.api import BallotThrottle
from voting.services import voter_verify

from .. import factories as f
from ..conftest import set_phase

BIRTH = datetime.date(1985, 3, 14)  # the residents' birth date in tests/factories.py


@pytest.fixture
def low_rates(monkeypatch, settings):
    rates = {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "auth": "2/min",
        "otp": "2/min",
        "ballot": "2/min",
    }
    for cls in (SimpleRateThrottle, ScopedRateThrottle, UserRateThrottle, BallotThrottle):
        monkeypatch.setattr(cls, "THROTTLE_RATES", rates)


def third(send):
    responses = [send(i) for i in range(3)]
    return [r.status_code for r in responses], responses[-1].json()


def assert_throttled(statuses, body):
    assert statuses[-1] == 429, statuses
    assert 429 not in statuses[:2], statuses
    assert body["error"]["code"] == "throttled"
    assert body["error"]["message"]


def test_login_is_throttled(api, resident, low_rates):
    login = {"login": resident.email, "password": f.PASSWORD}
    assert_throttled(*third(lambda i: api().post("/api/v1/auth/token/", login)))


def test_registration_is_throttled(api, terjola, low_rates):
    def register(i):
        body = {
            "name": f"Nino {i}",
            "email": f"nino{i}@example.ge",
            "password": "a-long-pass-123",
            "municipality": terjola.slug,
            "language": "ka",
        }
        return api().post("/api/v1/auth/register/", body)

    assert_throttled(*third(register))


def test_phone_codes_are_throttled(api, resident, low_rates):
    send = lambda i: api(resident).post("/api/v1/me/verify-phone/", {"phone": f"59911220{i}"})  # noqa: E731
    assert_throttled(*third(send))


def test_ballots_are_throttled(api, terjola, resident, low_rates):
    cycle = f.CycleFactory(municipality=terjola)
    envelope = f.EnvelopeFactory(cycle=cycle, ballot_kind="approval")
    project = f.BallotProjectFactory(envelope=envelope)
    set_phase(cycle, "voting")
    voter_verify(cycle=cycle, user=resident, personal_number="01001012345", birth_date=BIRTH)
    ballot = {"envelopes": [{"envelope": envelope.pk, "choices": [project.pk]}]}
    url = f"/api/v1/cycles/{cycle.pk}/my-ballot/"
    statuses, body = third(lambda i: api(resident).put(url, ballot))
    assert statuses[:2] == [200, 200]
    assert_throttled(statuses, body)
    assert api(resident).get(url).status_code == 200  # reading the ballot is not held back


# --- a forged X-Forwarded-For is not a new client (core.net.client_address) ---


def forged(i):
    return {"HTTP_X_FORWARDED_FOR": f"198.51.100.{i}, 203.0.113.{i}"}


def test_a_forged_forwarded_header_gets_no_fresh_login_throttle(api, resident, low_rates):
    login = {"login": resident.email, "password": f.PASSWORD}
    assert_throttled(*third(lambda i: api().post("/api/v1/auth/token/", login, **forged(i))))


def test_a_forged_forwarded_header_gets_no_fresh_registration_throttle(api, terjola, low_rates):
    def register(i):
        body = {
            "name": f"Nino {i}",
            "email": f"nino{i}@example.ge",
            "password": "a-long-pass-123",
            "municipality": terjola.slug,
        }
        return api().post("/api/v1/auth/register/", body, **forged(i))

    assert_throttled(*third(register))


def test_a_forged_forwarded_header_gets_no_fresh_sms_code_throttle(api, resident, low_rates):
    def send(i):
        return api(resident).post(
            "/api/v1/me/verify-phone/", {"phone": f"59911220{i}"}, **forged(i)
        )

    assert_throttled(*third(send))


def test_a_forged_forwarded_header_gets_no_fresh_password_reset_throttle(api, resident, low_rates):
    def ask(i):
        return api().post("/api/v1/auth/password-reset/", {"login": resident.email}, **forged(i))

    assert_throttled(*third(ask))


def test_behind_a_trusted_proxy_each_client_has_its_own_throttle(
    api, resident, low_rates, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    login = {"login": resident.email, "password": f.PASSWORD}

    def via_proxy(client, forged_prefix=""):
        header = f"{forged_prefix}{client}"
        return api().post(
            "/api/v1/auth/token/", login, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header
        )

    assert [via_proxy("203.0.113.5").status_code for _ in range(2)] == [200, 200]
    # the same client again, with a forged address in front of what the proxy saw
    assert via_proxy("203.0.113.5", "198.51.100.9, ").status_code == 429
    assert via_proxy("203.0.113.6").status_code == 200  # someone else behind the proxy


def test_a_forged_forwarded_header_gets_no_fresh_read_throttle(api, terjola, monkeypatch):
    from core.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/min")
    statuses = [api().get("/api/v1/cycles/", **forged(i)).status_code for i in range(3)]
    assert statuses == [200, 200, 429]
