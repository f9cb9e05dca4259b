"""Bad input gets a 4xx and changes nothing; nothing a client sends causes a 500.

Each case below was a 500 once (a NUL byte reaching PostgreSQL, `"²".isdigit()` being true,
"--10" surviving `lstrip("-")`, a 5,000-digit number, JSON's `1e400`), or is of the same kind.
"""

import json

import pytest


@pytest.fixture
def staff_api(api, organizer):
    return api(organizer)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/receipts/%00/",
        "/api/v1/municipalities/%00/",
        "/api/v1/cycles/{cycle}/record/?action=%00",
        "/api/v1/ideas/?search=%00",
        "/api/v1/ideas/?cycle=%00",
        "/api/v1/ideas/?cycle=%C2%B2",
        "/api/v1/ideas/?community=1e400",
        "/api/v1/ideas/?status=%00",
        "/api/v1/ideas/?ordering=%00",
        "/api/v1/cycles/?municipality=%00",
        "/api/v1/cycles/?year=%C2%B2",
        "/api/v1/cycles/?phase=%00",
        "/api/v1/trainings/?cycle=99999999999999999999999",
        "/api/v1/categories/?cycle=%00",
        "/api/v1/ideas/stats/?cycle=%C2%B2",
        "/api/v1/ideas/export/?cycle=%C2%B2",
        "/api/v1/ideas/stats/?cycle=--10",
        "/api/v1/ideas/export/?cycle=1e400",
    ],
)
def test_a_strange_query_is_a_4xx_or_an_answer_never_a_500(path, staff_api, cycle):
    response = staff_api.get(path.format(cycle=cycle.pk))
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response.json()["error"]["code"]


@pytest.mark.parametrize(
    "path",
    [
        "/receipts/?code=%00",
        "/cycles/{cycle}/record/?action=%00",
        "/cycles/{cycle}/record/?page=%C2%B2",
        "/cycles/{cycle}/ideas/?q=%00",
        "/cycles/{cycle}/ideas/?page=1e400",
        "/cycles/{cycle}/ideas/?category=%C2%B2&community=%00&status=%00",
        "/cycles/{cycle}/ideas/export.csv?status=%00",
        "/cycles/{cycle}/dashboard/?day=%C2%B2",
    ],
)
def test_a_strange_query_on_a_page_is_never_a_500(path, client, organizer, cycle):
    client.force_login(organizer)
    response = client.get(path.format(cycle=cycle.pk))
    assert response.status_code < 500


def test_registration_with_a_nul_municipality_is_a_field_error(api, terjola):
    response = api().post(
        "/api/v1/auth/register/",
        {
            "name": "Nino",
            "email": "nino@example.ge",
            "password": "a-long-passphrase-1",
            "municipality": "\x00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "A NUL character is not allowed in a request."


@pytest.mark.parametrize("value", ["\x00", "ab\x00c", 1e400, "²", "99999999999999999999999"])
def test_registration_with_strange_values_is_a_4xx(api, terjola, value):
    for field in ("municipality", "community", "email", "phone", "language", "birth_date"):
        body = {
            "name": "Nino",
            "email": "nino@example.ge",
            "password": "a-long-passphrase-1",
            "municipality": terjola.slug,
            field: value,
        }
        response = api().generic(
            "POST", "/api/v1/auth/register/", json.dumps(body), "application/json"
        )
        assert 400 <= response.status_code < 500, (field, response.content[:200])


def test_a_json_number_too_large_for_any_id_is_a_4xx_everywhere(api, organizer, cycle, terjola):
    # JSON's 1e400 is an infinite float: every id field must refuse it, not crash on int(inf)
    client = api(organizer)
    for path, body in [
        ("/api/v1/trainings/", '{"cycle": 1e400, "title": "x"}'),
        ("/api/v1/categories/", '{"cycle": 1e400, "name_ka": "x"}'),
        ("/api/v1/ideas/", '{"cycle": 1e400, "title": "x", "category": 1e400}'),
        (f"/api/v1/cycles/{cycle.pk}/jurors/", '{"user": 1e400}'),
        (f"/api/v1/cycles/{cycle.pk}/shortlist/", '{"proposals": [1e400]}'),
        (f"/api/v1/cycles/{cycle.pk}/envelopes/", '{"community": 1e400, "budget": 1e400}'),
        (f"/api/v1/cycles/{cycle.pk}/paper-ballots/", '{"community": 1e400}'),
        ("/api/v1/proposals/", '{"idea": 1e400}'),
        ("/api/v1/proposals/", '{"idea": 99999999999999999999999}'),
        (f"/api/v1/cycles/{cycle.pk}/jurors/", '{"user": 99999999999999999999999}'),
        (f"/api/v1/cycles/{cycle.pk}/shortlist/", '{"proposals": [-99999999999999999999]}'),
    ]:
        response = client.generic("POST", path, body, "application/json")
        assert 400 <= response.status_code < 500, (path, response.content[:300])


@pytest.mark.parametrize("bad", ["²", "--10", "9" * 5000, "\x00", "1e400"])
def test_a_strange_user_in_the_training_cancel_form_is_a_404_not_a_500(
    client, organizer, cycle, bad
):
    from tests import factories as f

    session = f.TrainingSessionFactory(cycle=cycle)
    client.force_login(organizer)
    response = client.post(f"/trainings/{session.pk}/cancel/", {"user": bad})
    assert response.status_code in (302, 403, 404)


@pytest.mark.parametrize(
    "path", ["/api/v1/cycles/", "/api/v1/cycles/{cycle}/", "/api/v1/ideas/?cycle={cycle}"]
)
def test_the_api_answers_json_only_and_another_accept_is_a_406_in_the_error_shape(
    path, staff_api, cycle
):
    """API.md: JSON in and out. DRF's browsable HTML pages are not served (their forms ran the
    object permission on a reply's dict: a 500 for `Accept: text/html`)."""
    url = path.format(cycle=cycle.pk)
    refused = staff_api.get(url, HTTP_ACCEPT="text/html")
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["error"]["code"] == "not_acceptable"
    browser = staff_api.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 200 and browser["Content-Type"] == "application/json"


def test_the_frameworks_own_errors_are_in_the_requests_language(db):
    """DRF ships no Georgian: its messages are in locale/vendor (API.md: the message is in the
    request's language)."""
    from django.test import Client

    ka = Client(HTTP_ACCEPT_LANGUAGE="ka")
    refused = ka.get("/api/v1/cycles/", HTTP_ACCEPT="text/html")
    assert refused.status_code == 406
    assert refused.json()["error"]["message"].startswith("მოთხოვნის Accept სათაურს")
    unknown = ka.generic("PATCH", "/api/v1/auth/token/")
    assert unknown.json()["error"]["message"] == "მეთოდი „PATCH“ დაუშვებელია."
    body = {"email": "x", "name": None, "phone": []}
    fields = ka.post("/api/v1/auth/register/", body, content_type="application/json").json()
    assert fields["error"]["fields"]["name"] == ["ეს ველი არ შეიძლება იყოს ცარიელი (null)."]
    assert fields["error"]["fields"]["phone"] == ["ტექსტი არ არის."]
    en = Client(HTTP_ACCEPT_LANGUAGE="en").generic("PATCH", "/api/v1/auth/token/")
    assert en.json()["error"]["message"] == 'Method "PATCH" not allowed.'
