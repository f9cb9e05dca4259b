import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import PhoneCode, User
from notifications.models import Notification
from notifications.services import render
from tests import factories as f


def register(api, **extra):
    body = {
        "name": "Nino",
        "email": "nino@example.ge",
        "password": "a-long-pass-123",
        "municipality": "terjola",
        "language": "ka",
        **extra,
    }
    return api().post("/api/v1/auth/register/", body)


def test_register_then_obtain_and_refresh_tokens(api, terjola):
    res = register(api)
    assert res.status_code == 201, res.json()
    assert res.json()["municipality"] == "terjola"
    tokens = api().post(
        "/api/v1/auth/token/", {"login": "NINO@example.ge", "password": "a-long-pass-123"}
    )
    assert tokens.status_code == 200
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    assert client.get("/api/v1/me/").json()["name"] == "Nino"
    refreshed = api().post("/api/v1/auth/token/refresh/", {"refresh": tokens.json()["refresh"]})
    assert refreshed.status_code == 200 and refreshed.json()["access"]


def test_login_by_phone_in_any_spelling(api, terjola):
    register(api, email="", phone="555 12 34 56")
    res = api().post(
        "/api/v1/auth/token/", {"login": "+995 555-123-456", "password": "a-long-pass-123"}
    )
    assert res.status_code == 200


def test_wrong_password_is_401(api, resident):
    res = api().post("/api/v1/auth/token/", {"login": resident.email, "password": "nope"})
    assert res.status_code == 401
    assert res.json()["error"]["code"] == "not_authenticated"


def test_duplicate_email_is_400(api, terjola):
    register(api)
    res = register(api, email="Nino@Example.ge")
    assert res.status_code == 400 and "email" in res.json()["error"]["fields"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"email": "", "phone": ""}, "email"),
        ({"password": "123"}, "password"),
        ({"municipality": "atlantis"}, "municipality"),
        ({"phone": "12"}, "phone"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_registration_names_the_field(api, terjola, extra, field):
    res = register(api, **extra)
    assert res.status_code == 400
    assert field in res.json()["error"]["fields"]
    assert not User.objects.exists()


def test_community_must_be_in_the_municipality(api, terjola, vani):
    from tests.factories import CommunityFactory

    res = register(api, community=CommunityFactory(municipality=vani).pk)
    assert res.status_code == 400 and "community" in res.json()["error"]["fields"]


def test_me_patch_changes_language(api, resident):
    res = api(resident).patch("/api/v1/me/", {"language": "ka"})
    assert res.status_code == 200 and res.json()["language"] == "ka"
    assert api(resident).patch("/api/v1/me/", {"email": "x@y.z"}).json()["email"] == resident.email


def test_me_needs_a_token(api):
    assert api().get("/api/v1/me/").status_code == 401


def sms_code(user):
    note = (
        Notification.objects.filter(recipient=user, kind="phone_code")
        .order_by("-created_at")
        .first()
    )
    # the code is sealed in the outbox (notifications.sealed): read it as the SMS will say it
    return re.search(r"\b\d{6}\b", render(note, "sms")).group()


def test_phone_verification_by_sms_code(api, resident):
    resident.phone_verified = False
    resident.save()
    client = api(resident)
    assert client.post("/api/v1/me/verify-phone/", {"phone": "599 11 22 33"}).status_code == 202
    record = PhoneCode.objects.get(user=resident)
    code = sms_code(resident)
    assert code not in record.code_hash  # only the keyed hash is stored
    res = client.post("/api/v1/me/verify-phone/confirm/", {"code": code})
    assert res.status_code == 200
    assert res.json()["phone_verified"] is True and res.json()["phone"] == "+995599112233"


def test_expired_code_is_refused(api, resident):
    client = api(resident)
    client.post("/api/v1/me/verify-phone/", {"phone": "599112233"})
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    res = client.post("/api/v1/me/verify-phone/confirm/", {"code": sms_code(resident)})
    assert res.status_code == 400 and "expired" in res.json()["error"]["fields"]["code"][0]


def test_five_wrong_tries_burn_the_code(api, resident):
    client = api(resident)
    client.post("/api/v1/me/verify-phone/", {"phone": "599112233"})
    good = sms_code(resident)
    bad = "000000" if good != "000000" else "111111"
    for _ in range(5):
        assert client.post("/api/v1/me/verify-phone/confirm/", {"code": bad}).status_code == 400
    res = client.post("/api/v1/me/verify-phone/confirm/", {"code": good})
    assert res.status_code == 400 and "Too many" in res.json()["error"]["fields"]["code"][0]


def test_codes_are_throttled_per_phone(api, resident, outsider, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    from accounts.services import PHONE_CODES_PER_HOUR_ALL

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "otp": "100/hour"}  # the per-address limit
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    for _ in range(5):
        assert (
            api(resident).post("/api/v1/me/verify-phone/", {"phone": "599112233"}).status_code
            == 202
        )
    res = api(resident).post("/api/v1/me/verify-phone/", {"phone": "599112233"})
    assert res.status_code == 429 and res.json()["error"]["code"] == "throttled"
    # someone who typed the phone does not use up the codes of another account (its owner)
    assert api(outsider).post("/api/v1/me/verify-phone/", {"phone": "599112233"}).status_code == 202
    # but the handset is not flooded from many accounts
    for _ in range(PHONE_CODES_PER_HOUR_ALL - 6):
        user = f.UserFactory(phone=None, phone_verified=False)
        assert api(user).post("/api/v1/me/verify-phone/", {"phone": "599112233"}).status_code == 202
    late = api(f.UserFactory(phone=None)).post("/api/v1/me/verify-phone/", {"phone": "599112233"})
    assert late.status_code == 429


def test_codes_are_throttled_per_ip(api, resident, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    # monkeypatched, so later tests get the real rates back
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "otp": "2/hour"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    codes = [
        api(resident).post("/api/v1/me/verify-phone/", {"phone": f"59911223{i}"}).status_code
        for i in range(3)
    ]
    assert codes == [202, 202, 429]


def test_repeated_failed_logins_lock_the_account_for_a_while(api, resident):
    for _ in range(8):
        assert (
            api()
            .post("/api/v1/auth/token/", {"login": resident.email, "password": "bad"})
            .status_code
            == 401
        )
    res = api().post(
        "/api/v1/auth/token/", {"login": resident.email, "password": "correct-horse-42"}
    )
    assert res.status_code == 429
    assert (
        res.json()["error"]["code"] == "throttled"
        and "15 minutes" in res.json()["error"]["message"]
    )


def test_locked_account_cannot_log_in_on_the_page_either(resident):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(8):
        client.post("/accounts/login/", {"username": resident.email, "password": "bad"})
    res = client.post(
        "/accounts/login/", {"username": resident.email, "password": "correct-horse-42"}
    )
    assert res.status_code == 200 and "15 minutes" in res.content.decode()


def test_a_good_login_resets_the_failure_count(api, resident):
    for _ in range(7):
        api().post("/api/v1/auth/token/", {"login": resident.email, "password": "bad"})
    assert (
        api()
        .post("/api/v1/auth/token/", {"login": resident.email, "password": "correct-horse-42"})
        .status_code
        == 200
    )
    for _ in range(7):
        api().post("/api/v1/auth/token/", {"login": resident.email, "password": "bad"})
    assert (
        api()
        .post("/api/v1/auth/token/", {"login": resident.email, "password": "correct-horse-42"})
        .status_code
        == 200
    )


def test_pages_and_api_carry_security_headers(client, db):
    for url in ("/", "/api/v1/municipalities/"):
        res = client.get(url)
        assert "default-src 'self'" in res.headers["Content-Security-Policy"]
        assert res.headers["X-Content-Type-Options"] == "nosniff"
        assert res.headers["X-Frame-Options"] == "DENY"
        assert res.headers["Referrer-Policy"] == "same-origin"
