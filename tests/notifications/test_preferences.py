import re

import pytest
from django.core import mail

from notifications.models import Notification, Preference
from notifications.services import notify, unsubscribe_token

from .examples import CONTEXTS

PHASE_CHANGED = CONTEXTS["phase_changed"]


def _queue(kind, users, subject, django_capture_on_commit_callbacks, context=None):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind,
            users,
            context or {**PHASE_CHANGED, "cycle_title": "Terjola 2026"},
            subject=subject,
        )


def test_a_kind_turned_off_on_a_channel_is_not_sent_there_but_elsewhere_is(
    api, resident, django_capture_on_commit_callbacks
):
    response = api(resident).put(
        "/api/v1/notifications/preferences/",
        {"preferences": [{"kind": "phase_changed", "channel": "email", "enabled": False}]},
    )
    assert response.status_code == 200
    mine = {(p["kind"], p["channel"]): p["enabled"] for p in response.json()["preferences"]}
    assert mine[("phase_changed", "email")] is False
    assert mine[("phase_changed", "inapp")] is True

    _queue("phase_changed", [resident], "c:1", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=resident, channel="inapp").count() == 1


def test_me_shows_and_changes_notification_preferences(api, resident):
    me = api(resident).get("/api/v1/me/").json()
    assert {"kind": "phase_changed", "channel": "email", "enabled": True}.items() <= next(
        p for p in me["notification_preferences"] if p["kind"] == "phase_changed"
    ).items()
    response = api(resident).patch(
        "/api/v1/me/",
        {
            "name": "Alice B.",
            "notification_preferences": [
                {"kind": "phase_changed", "channel": "inapp", "enabled": False}
            ],
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == "Alice B."
    off = [p for p in body["notification_preferences"] if not p["enabled"]]
    # cycle news is off until the person turns it on
    assert [(p["kind"], p["channel"]) for p in off] == [
        ("phase_changed", "inapp"),
        ("cycle_news", "email"),
        ("cycle_news", "sms"),
        ("cycle_news", "inapp"),
        ("cycle_news", "push"),
    ]


def test_transactional_messages_cannot_be_turned_off(api, resident):
    response = api(resident).patch(
        "/api/v1/me/",
        {
            "name": "Changed",
            "notification_preferences": [
                {"kind": "phone_code", "channel": "sms", "enabled": False}
            ],
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["notification_preferences"]
    resident.refresh_from_db()
    assert resident.name == "Alice"  # nothing of the request was saved
    assert not Preference.objects.exists()


def test_an_unknown_kind_or_channel_is_a_400(api, resident):
    for pref in ({"kind": "nope", "channel": "email"}, {"kind": "phone_code", "channel": "email"}):
        response = api(resident).put(
            "/api/v1/notifications/preferences/", {"preferences": [{**pref, "enabled": False}]}
        )
        assert response.status_code == 400


def test_preferences_page_saves_the_checked_boxes(client, resident):
    client.force_login(resident)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    assert b'name="phase_changed:email" checked' in page.content
    client.post("/notifications/preferences/", {"phase_changed:inapp": "on"})
    off = set(
        Preference.objects.filter(user=resident, enabled=False).values_list("kind", "channel")
    )
    assert ("phase_changed", "email") in off and ("phase_changed", "inapp") not in off


def _unsubscribe_url(message):
    return re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)


def test_every_email_carries_a_one_click_unsubscribe_that_works_without_login(
    client, resident, django_capture_on_commit_callbacks
):
    _queue("phase_changed", [resident], "c:1", django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = _unsubscribe_url(message)
    assert url in message.body
    path = url.split("testserver", 1)[-1].split("8000", 1)[-1]

    confirm = client.get(path)  # a link scanner's GET changes nothing
    assert confirm.status_code == 200 and b"<form" in confirm.content
    assert not Preference.objects.exists()

    done = client.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail client does
    assert done.status_code == 200
    assert (
        Preference.objects.get(user=resident, kind="phase_changed", channel="email").enabled
        is False
    )

    mail.outbox.clear()
    _queue("phase_changed", [resident], "c:2", django_capture_on_commit_callbacks)
    assert mail.outbox == []


@pytest.mark.parametrize("tamper", ["user", "kind", "signature"])
def test_an_unsubscribe_link_cannot_be_forged(client, resident, author, tamper):
    token = unsubscribe_token(resident.pk, "phase_changed")
    if tamper == "user":
        forged = unsubscribe_token(author.pk, "phase_changed")
        token = forged.split(":", 1)[0] + ":" + token.split(":", 1)[1]
    elif tamper == "kind":
        token = unsubscribe_token(resident.pk, "phone_code")  # transactional: not offered
    else:
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 404
    assert not Preference.objects.exists()


def test_transactional_messages_have_no_unsubscribe_link(
    resident, django_capture_on_commit_callbacks
):
    from notifications.catalogue import CATALOGUE, Message

    CATALOGUE["test_receipt"] = Message(
        "Receipt {code}", "Your receipt: {code}", label="Receipts", transactional=True
    )
    try:
        _queue("test_receipt", [resident], "r:1", django_capture_on_commit_callbacks, {"code": "X"})
    finally:
        del CATALOGUE["test_receipt"]
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    assert "one click" not in mail.outbox[0].body
