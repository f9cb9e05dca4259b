"""Tokens stop working after a password change; logout revokes the refresh token."""

from tests import factories as f


def login(api, user, password=f.PASSWORD):
    res = api().post("/api/v1/auth/token/", {"login": user.email, "password": password})
    assert res.status_code == 200, res.json()
    return res.json()


def bearer(api, access):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_logout_revokes_the_refresh_token(api, resident):
    tokens = login(api, resident)
    res = api().post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]})
    assert res.status_code == 204
    again = api().post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert again.status_code == 401 and again.json()["error"]["code"] == "not_authenticated"
    # another device's session goes on
    other = login(api, resident)
    assert (
        api().post("/api/v1/auth/token/refresh/", {"refresh": other["refresh"]}).status_code == 200
    )


def test_logout_with_a_bad_token_changes_nothing_and_says_so_in_the_shape(api, resident):
    assert api().post("/api/v1/auth/logout/", {"refresh": "not-a-token"}).status_code == 204
    res = api().post("/api/v1/auth/logout/", {})
    assert res.status_code == 400 and "refresh" in res.json()["error"]["fields"]


def test_a_password_change_ends_every_token_and_answers_a_new_pair(api, resident):
    phone_app, tablet = login(api, resident), login(api, resident)
    res = bearer(api, phone_app["access"]).post(
        "/api/v1/me/password/",
        {"old_password": f.PASSWORD, "new_password": "a-brand-new-pass-77"},
    )
    assert res.status_code == 200, res.json()
    for old in (phone_app, tablet):
        assert bearer(api, old["access"]).get("/api/v1/me/").status_code == 401
        refresh = api().post("/api/v1/auth/token/refresh/", {"refresh": old["refresh"]})
        assert refresh.status_code == 401
    assert bearer(api, res.json()["access"]).get("/api/v1/me/").status_code == 200
    renewed = api().post("/api/v1/auth/token/refresh/", {"refresh": res.json()["refresh"]})
    assert renewed.status_code == 200
    login(api, resident, "a-brand-new-pass-77")


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(api, resident):
    client = api(resident, lang="ka")
    wrong = client.post(
        "/api/v1/me/password/", {"old_password": "nope", "new_password": "a-brand-new-pass-77"}
    )
    assert wrong.status_code == 400 and "old_password" in wrong.json()["error"]["fields"]
    weak = api(resident).post(
        "/api/v1/me/password/", {"old_password": f.PASSWORD, "new_password": "12345678"}
    )
    assert weak.status_code == 400
    assert weak.json()["error"]["fields"]["new_password"] == [
        "This password is too common; choose another.",
        "This password is only digits; add letters.",
    ]
    login(api, resident)  # the old password still works
    assert api().post("/api/v1/me/password/", {}).status_code == 401


def test_authenticating_a_token_costs_no_extra_query(api, resident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = bearer(api, login(api, resident)["access"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # the user row (which the password digest is checked against) is read once, no blacklist
    assert sum('FROM "accounts_user"' in q for q in sql) == 1
    assert not any("token_blacklist" in q for q in sql)


def test_the_change_password_page_keeps_this_session_and_ends_the_others(client, resident):
    from django.test import Client

    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(resident)
    client.force_login(resident)
    page = client.get("/accounts/me/password/")
    assert page.status_code == 200 and "Current password" in page.content.decode()
    res = client.post(
        "/accounts/me/password/",
        {
            "old_password": f.PASSWORD,
            "new_password1": "a-brand-new-pass-77",
            "new_password2": "a-brand-new-pass-77",
        },
    )
    assert res.status_code == 302 and res["Location"] == "/accounts/me/"
    assert client.get("/accounts/me/").status_code == 200
    assert other.get("/accounts/me/").status_code == 302  # logged out
    mismatch = client.post(
        "/accounts/me/password/",
        {
            "old_password": "a-brand-new-pass-77",
            "new_password1": "another-pass-88x",
            "new_password2": "another-pass-99x",
        },
    )
    assert "The two passwords differ." in mismatch.content.decode()


def test_the_change_also_reads_password_as_api_md_names_it(api, resident):
    res = api(resident).post(
        "/api/v1/me/password/", {"old_password": f.PASSWORD, "password": "a-brand-new-pass-77"}
    )
    assert res.status_code == 200 and res.json()["access"]
    login(api, resident, "a-brand-new-pass-77")
    missing = api(resident).post("/api/v1/me/password/", {"old_password": "a-brand-new-pass-77"})
    assert missing.status_code in (400, 401)


def test_guessing_the_current_password_counts_toward_the_lockout(api, resident):
    from accounts import lockout

    client = api(resident)
    for _ in range(lockout.MAX_FAILURES):
        body = {"old_password": "guess", "new_password": "a-brand-new-pass-77"}
        assert client.post("/api/v1/me/password/", body).status_code == 400
    right = {"old_password": f.PASSWORD, "new_password": "a-brand-new-pass-77"}
    assert client.post("/api/v1/me/password/", right).status_code == 429
    assert (
        api()
        .post("/api/v1/auth/token/", {"login": resident.email, "password": f.PASSWORD})
        .status_code
        == 429
    )
