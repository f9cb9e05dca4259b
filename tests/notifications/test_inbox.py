from notifications.models import Device
from notifications.services import notify

from .examples import CONTEXTS

PHASE_CHANGED = CONTEXTS["phase_changed"]


def test_unread_count_and_mark_all_read(api, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            notify(
                "phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject=f"c:{n}"
            )
    client = api(resident)
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    listed = client.get("/api/v1/notifications/").json()
    assert listed["count"] == 3 and set(listed) >= {"count", "next", "previous", "results"}
    assert client.post("/api/v1/notifications/read-all/").json() == {"read": 3}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}


def test_inbox_list_is_a_constant_number_of_queries(
    api, resident, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(15):
            notify(
                "phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject=f"c:{n}"
            )
    client = api(resident)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/notifications/").json()["results"]) == 15


def test_a_device_token_is_registered_once_and_moves_only_with_the_device_secret(
    api, resident, author
):
    first = api(resident).post("/api/v1/me/devices/", {"token": "fcm-123", "platform": "android"})
    assert first.status_code == 201 and first.json()["token"] == "fcm-123"
    again = api(resident).post("/api/v1/me/devices/", {"token": "fcm-123", "platform": "android"})
    assert again.status_code == 200
    secret = again.json()["secret"]
    assert secret and secret != first.json()["secret"]  # a new secret each registration
    # another account, without the device's secret (or with the old one): refused
    for guess in ({}, {"secret": first.json()["secret"]}, {"secret": "x" * 43}):
        taken = api(author).post(
            "/api/v1/me/devices/", {"token": "fcm-123", "platform": "ios", **guess}
        )
        assert taken.status_code == 409 and taken.json()["error"]["code"] == "conflict"
    assert list(Device.objects.values_list("user", "platform")) == [(resident.pk, "android")]
    # the device itself (it kept the secret) moves to whoever logs in on it
    moved = api(author).post(
        "/api/v1/me/devices/", {"token": "fcm-123", "platform": "ios", "secret": secret}
    )
    assert moved.status_code == 200 and moved.json()["secret"] != secret
    assert list(Device.objects.values_list("user", "platform")) == [(author.pk, "ios")]
    assert secret not in Device.objects.get().secret_hash  # only a digest is stored


def test_registering_a_device_needs_a_login_and_a_token(api, resident):
    assert api().post("/api/v1/me/devices/", {"token": "x"}).status_code == 401
    response = api(resident).post("/api/v1/me/devices/", {"platform": "ios"})
    assert response.status_code == 400 and "token" in response.json()["error"]["fields"]


def test_inbox_page_shows_unread_count_and_links_to_settings(client, resident):
    notify("phase_changed", [resident], {**PHASE_CHANGED, "cycle_title": "T"}, subject="c:1")
    client.force_login(resident)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"/notifications/preferences/" in page.content
    assert b"1 unread" in page.content
