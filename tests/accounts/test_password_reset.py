"""Password reset by a one-time code, by e-mail (with a link) and SMS, API and pages."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from accounts.models import PasswordResetCode, User
from notifications.models import Notification
from notifications.services import render
from tests import factories as f

NEW = "a-brand-new-pass-77"


def sent(user, channel):
    note = (
        Notification.objects.filter(recipient=user, kind="password_reset", channel=channel)
        .order_by("-created_at")
        .first()
    )
    return render(note, "body" if channel == "email" else "sms") if note else None


def code_in(text):
    return re.search(r"\b\d{8}\b", text).group()


def ask(api, login, **extra):
    return api().post("/api/v1/auth/password-reset/", {"login": login}, **extra)


def confirm(api, login, code, password=NEW, lang="en"):
    body = {"login": login, "code": code, "password": password}
    return api(lang=lang).post("/api/v1/auth/password-reset/confirm/", body)


def test_the_answer_is_the_same_whether_or_not_the_account_exists(api, resident):
    known, unknown = ask(api, resident.email), ask(api, "nobody@example.ge")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert ask(api, "599 999 999").json() == known.json()
    assert PasswordResetCode.objects.count() == 1


def test_a_code_by_e_mail_and_sms_sets_the_new_password_and_ends_the_tokens(api, resident):
    tokens = (
        api().post("/api/v1/auth/token/", {"login": resident.email, "password": f.PASSWORD}).json()
    )
    assert ask(api, resident.phone).status_code == 202
    mail, sms = sent(resident, "email"), sent(resident, "sms")
    code = code_in(sms)
    assert code_in(mail) == code and "/accounts/password-reset/code/?" in mail
    record = PasswordResetCode.objects.get()
    assert code not in record.code_hash  # stored hashed
    assert code not in str(Notification.objects.filter(kind="password_reset").values("context"))

    res = confirm(api, "+995 " + resident.phone[4:], code)
    assert res.status_code == 200, res.json()
    resident.refresh_from_db()
    assert resident.check_password(NEW)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.get("/api/v1/me/").status_code == 401
    refresh = api().post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert refresh.status_code == 401
    # once only
    assert confirm(api, resident.email, code, "yet-another-pass-88").status_code == 400


def test_no_sms_to_an_unverified_phone(api, resident):
    resident.phone_verified = False
    resident.save()
    ask(api, resident.email)
    assert sent(resident, "email") and sent(resident, "sms") is None
    ask(api, resident.phone)  # an unverified phone names nobody
    assert PasswordResetCode.objects.count() == 1


def test_five_wrong_tries_burn_the_code(api, resident):
    ask(api, resident.email)
    good = code_in(sent(resident, "email"))
    bad = "00000000" if good != "00000000" else "11111111"
    for _ in range(5):
        res = confirm(api, resident.email, bad)
        assert res.status_code == 400 and "code" in res.json()["error"]["fields"]
    assert confirm(api, resident.email, good).status_code == 400
    resident.refresh_from_db()
    assert resident.check_password(f.PASSWORD)


def test_the_code_lasts_fifteen_minutes(api, resident):
    ask(api, resident.email)
    code = code_in(sent(resident, "email"))
    PasswordResetCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert confirm(api, resident.email, code).status_code == 400


def test_a_weak_password_is_refused_in_georgian_and_does_not_spend_the_try(api, resident):
    ask(api, resident.email)
    code = code_in(sent(resident, "email"))
    # too short, too common, only digits, like the e-mail: every message in Georgian
    for weak in ("1234", "12345678", "12345678", "alice@example", "password", "0000000"):
        res = confirm(api, resident.email, code, weak, lang="ka")
        assert res.status_code == 400
        messages = res.json()["error"]["fields"]["password"]
        assert messages and all(re.search("[\u10d0-\u10ff]", m) for m in messages), messages
        assert not any(re.search("[A-Za-z]{3}", m) for m in messages), messages
    assert confirm(api, resident.email, code).status_code == 200


def test_an_unknown_login_and_a_wrong_code_read_the_same(api, resident):
    ask(api, resident.email)
    unknown = confirm(api, "nobody@example.ge", "12345678").json()
    wrong = confirm(api, resident.email, "12345678").json()
    assert unknown == wrong


def test_codes_per_account_are_limited(api, resident, monkeypatch):
    from core.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "otp", "100/min")
    for _ in range(5):
        assert ask(api, resident.email).status_code == 202
    assert PasswordResetCode.objects.count() == 3  # the rest answered the same, sent nothing


def test_bad_input_is_a_400_not_a_500(api, resident):
    for body in ({}, {"login": "a\x00b"}, {"login": "x" * 300}):
        assert api().post("/api/v1/auth/password-reset/", body).status_code == 400
    for code in ("１２３４５６７８", "12", "123456789", "\x00"):
        assert confirm(api, resident.email, code).status_code == 400


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_the_pages_forgot_code_link_and_new_password(resident, lang):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    login_page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/"' in login_page
    assert client.get("/accounts/password-reset/").status_code == 200
    res = client.post("/accounts/password-reset/", {"login": resident.email})
    assert res.status_code == 302 and res["Location"].startswith("/accounts/password-reset/code/")

    link = re.search(r"https?://\S+", sent(resident, "email")).group()
    query = parse_qs(urlsplit(link).query)
    page = client.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert page.status_code == 200 and query["code"][0] in page.content.decode()
    assert PasswordResetCode.objects.get().tries == 0  # opening the link spends nothing

    wrong = client.post(
        "/accounts/password-reset/code/", {"login": resident.email, "code": "00000000"}
    )
    assert wrong.status_code == 200 and "errorlist" in wrong.content.decode()
    res = client.post(
        "/accounts/password-reset/code/", {"login": query["login"][0], "code": query["code"][0]}
    )
    assert res.status_code == 302 and res["Location"] == "/accounts/password-reset/new/"
    weak = client.post(
        "/accounts/password-reset/new/", {"new_password1": "1234", "new_password2": "1234"}
    )
    assert weak.status_code == 200 and "errorlist" in weak.content.decode()
    res = client.post("/accounts/password-reset/new/", {"new_password1": NEW, "new_password2": NEW})
    assert res.status_code == 302 and res["Location"] == "/accounts/login/"
    assert User.objects.get(pk=resident.pk).check_password(NEW)
    assert client.get("/accounts/password-reset/new/").status_code == 302  # spent
    assert (
        client.post("/accounts/login/", {"username": resident.email, "password": NEW}).status_code
        == 302
    )


def test_the_new_password_page_needs_a_checked_code(client, db):
    res = client.get("/accounts/password-reset/new/")
    assert res.status_code == 302 and res["Location"] == "/accounts/password-reset/"


def test_the_lookup_and_sending_happen_off_the_request(api, resident, monkeypatch):
    """The answer only queues the work: its time does not depend on the account existing."""
    from accounts import tasks

    queued = []
    monkeypatch.setattr(
        tasks.send_password_reset, "apply_async", lambda args, **kw: queued.append(args)
    )
    for login in (resident.email, "nobody@example.ge"):
        assert ask(api, login).status_code == 202
    assert queued == [[resident.email], ["nobody@example.ge"]]
    assert not PasswordResetCode.objects.exists()


def test_with_the_broker_down_the_code_is_still_sent(api, resident, monkeypatch):
    from kombu.exceptions import OperationalError

    from accounts import tasks

    def down(*args, **kwargs):
        raise OperationalError("broker unreachable")

    monkeypatch.setattr(tasks.send_password_reset, "apply_async", down)
    assert ask(api, resident.email).status_code == 202
    assert sent(resident, "email")
