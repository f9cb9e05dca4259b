"""No English on Georgian pages or answers: password rules, login errors, the 403 page."""

import re

from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from rest_framework.test import APIClient

from core.views import permission_denied

LATIN_SENTENCE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")


def alerts(html):
    return " ".join(re.findall(r'role="alert">(.*?)</div>', html, re.S))


def test_password_rules_speak_georgian_with_the_plural(terjola):
    page = (
        Client(HTTP_ACCEPT_LANGUAGE="ka")
        .post(
            "/accounts/register/",
            {
                "name": "ნინო",
                "email": "nino@example.ge",
                "municipality": terjola.pk,
                "language": "ka",
                "password": "1234",
            },
        )
        .content.decode()
    )
    said = alerts(page)
    assert "პაროლი ძალიან მოკლეა: საჭიროა მინიმუმ 8 სიმბოლო." in said
    assert "პაროლი მხოლოდ ციფრებისგან შედგება" in said
    assert not LATIN_SENTENCE.search(re.sub(r"<[^>]+>", " ", said))


def test_password_rules_in_english_count_properly(terjola):
    page = (
        Client(HTTP_ACCEPT_LANGUAGE="en")
        .post(
            "/accounts/register/",
            {
                "name": "Nino",
                "email": "nino@example.ge",
                "municipality": terjola.pk,
                "language": "en",
                "password": "1234",
            },
        )
        .content.decode()
    )
    assert "This password is too short: it needs at least 8 characters." in page


def test_a_similar_password_names_the_detail_after_a_colon(terjola):
    page = (
        Client(HTTP_ACCEPT_LANGUAGE="en")
        .post(
            "/accounts/register/",
            {
                "name": "Nino",
                "email": "ninoberidze@example.ge",
                "municipality": terjola.pk,
                "language": "en",
                "password": "ninoberidze",
            },
        )
        .content.decode()
    )
    assert "The password is too similar to one of your details: e-mail" in page


def test_a_wrong_login_in_the_api_answers_in_georgian(resident):
    res = APIClient(HTTP_ACCEPT_LANGUAGE="ka").post(
        "/api/v1/auth/token/", {"login": resident.email, "password": "wrong-one"}, format="json"
    )
    assert res.status_code == 401
    error = res.json()["error"]
    assert error["code"] == "not_authenticated"
    assert error["message"] == "ამ ელფოსტით ან ტელეფონით და პაროლით ანგარიში ვერ მოიძებნა."


def test_an_invalid_token_answers_in_georgian():
    client = APIClient(HTTP_ACCEPT_LANGUAGE="ka")
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    res = client.get("/api/v1/me/")
    assert res.status_code == 401
    assert res.json()["error"]["message"].startswith("თქვენი შესვლის ვადა ამოიწურა")


def test_the_403_page_is_in_the_layout_and_the_readers_language(resident):
    """A PermissionDenied raised anywhere gets our page, not Django's bare one."""
    request = RequestFactory().get("/x/")
    request.user = resident
    with translation.override("ka"):
        res = permission_denied(request, PermissionDenied())
    page = res.content.decode()
    assert res.status_code == 403
    assert '<main id="main">' in page and "ამის გაკეთების უფლება არ გაქვთ." in page


def test_an_expired_form_is_explained_in_georgian(terjola):
    client = Client(HTTP_ACCEPT_LANGUAGE="ka", enforce_csrf_checks=True)
    res = client.post("/accounts/register/", {"name": "ნინო"})
    assert res.status_code == 403
    page = res.content.decode()
    assert '<main id="main">' in page and "ამ ფორმის ვადა ამოიწურა" in page
