"""The debug error page and the error log never show a password, a code, a personal number or
a token: a bug is forced deep inside each view that reads one, and the page Django's
ExceptionReporter renders (DEBUG on, the worst case) and the log lines are searched."""

import logging
import sys

import pytest
from django.test import Client
from django.views.debug import ExceptionReporter

from tests import factories as f
from tests.conftest import set_phase

PASSWORD = "Tsitsinatela-Ghame-2027!"
PERSONAL_NUMBER = "01024053771"
CODE = "48213967"
LOGIN = "nino.secret@example.ge"
SECRETS = (PASSWORD, PERSONAL_NUMBER, CODE, "Tsitsinatela")


class Bug(Exception):
    pass


def bug(*args, **kwargs):
    raise Bug("forced")


@pytest.fixture
def debug_page(settings, caplog):
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)

    def post(url, data, *, user=None, json=True, accept="text/html,*/*;q=0.8"):  # a browser's
        client = Client(raise_request_exception=False, HTTP_ACCEPT=accept)
        if user is not None:
            client.force_login(user)
        caplog.clear()  # only what this request logs
        if json:
            res = client.post(url, data, content_type="application/json")
        else:
            res = client.post(url, data)
        assert res.status_code == 500
        page = res.content.decode()
        assert "Bug" in page and "forced" in page  # it is the debug page of our forced bug
        for secret in SECRETS:
            assert secret not in page, secret
            assert secret not in caplog.text, secret
        return page

    return post


def test_registration(debug_page, terjola, monkeypatch):
    monkeypatch.setattr("accounts.services._check_community", bug)
    body = {
        "name": "Nino",
        "email": "nino@example.ge",
        "phone": "599 11 22 33",
        "password": PASSWORD,
        "municipality": "terjola",
    }
    page = debug_page("/api/v1/auth/register/", body)
    assert "********" in page  # the values are there, masked
    debug_page("/api/v1/auth/register/", body, accept="*/*")
    form = {**body, "municipality": terjola.pk, "language": "en"}
    debug_page("/accounts/register/", form, json=False)


def test_token_login(debug_page, db, monkeypatch):
    f.UserFactory(email="nino@example.ge", password=PASSWORD)
    monkeypatch.setattr("accounts.lockout.clear", bug)  # after the password was checked
    debug_page("/api/v1/auth/token/", {"login": "nino@example.ge", "password": PASSWORD})
    debug_page(
        "/accounts/login/", {"username": "nino@example.ge", "password": PASSWORD}, json=False
    )


def test_password_reset_and_change(debug_page, resident, monkeypatch):
    monkeypatch.setattr("accounts.services.tokens_revoke", bug)
    body = {"login": resident.email, "code": CODE, "password": PASSWORD}
    monkeypatch.setattr("accounts.services.password_reset_check", lambda **kw: _record(resident))
    debug_page("/api/v1/auth/password-reset/confirm/", body)
    change = {"old_password": f.PASSWORD, "new_password": PASSWORD}
    debug_page("/api/v1/me/password/", change, user=resident)
    form = {"old_password": f.PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    debug_page("/accounts/me/password/", form, user=resident, json=False)


def _record(user):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import PasswordResetCode

    return PasswordResetCode.objects.create(
        user=user, code_hash="x", expires_at=timezone.now() + timedelta(minutes=5)
    )


def test_phone_code(debug_page, resident, monkeypatch):
    def matches(self, code):
        raise Bug("forced")

    monkeypatch.setattr("accounts.models.PhoneCode.matches", matches)
    from accounts.services import phone_code_send

    phone_code_send(user=resident, phone="599 11 22 33")
    debug_page("/api/v1/me/verify-phone/confirm/", {"code": "482139"}, user=resident)


def test_voter_verification(debug_page, terjola, resident, monkeypatch):
    cycle = set_phase(f.CycleFactory(municipality=terjola), "voting")

    def voter_key_for(personal_number):  # the real one's signature, failing
        raise Bug("forced")

    monkeypatch.setattr("voting.services.identity.voter_key_for", voter_key_for)
    body = {"personal_number": PERSONAL_NUMBER, "birth_date": "1985-03-14"}
    debug_page(f"/api/v1/cycles/{cycle.pk}/voter-verification/", body, user=resident)


def test_the_exception_reporter_itself_hides_secrets_in_any_frame(rf):
    def handle(data, password, personal_number, code):
        raise Bug("forced")

    request = rf.post("/x/", {"password": PASSWORD, "login": LOGIN})
    payload = {"password": PASSWORD, "nested": {"code": CODE}}
    try:
        handle(payload, PASSWORD, PERSONAL_NUMBER, 1)
    except Bug:
        reporter = ExceptionReporter(request, *sys.exc_info())
        for text in (reporter.get_traceback_html(), reporter.get_traceback_text()):
            for secret in SECRETS + (LOGIN,):
                assert secret not in text, secret
