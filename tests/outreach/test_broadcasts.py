"""An organizer's message to residents: to one village or the whole municipality, in each
resident's language, on the channels chosen and not turned off, counted (people and SMS
segments), capped per day, sent once per key, and on the public record without personal data."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from outreach.models import Broadcast
from record.models import Entry

from .conftest import SENT_SMS

pytestmark = pytest.mark.django_db

TEXT_KA = "ხვალ 11:00-ზე ჩხარის სკოლაში საარჩევნო პუნქტი გაიხსნება."
TEXT_EN = "Tomorrow at 11:00 a voting point opens at the Chkhari school."


def url(cycle):
    return f"/api/v1/cycles/{cycle.pk}/broadcasts/"


def message(**changes):
    return {"channels": ["email"], "text_ka": TEXT_KA, "text_en": TEXT_EN, **changes}


def send(api, cycle, user, body, django_capture_on_commit_callbacks, **headers):
    with django_capture_on_commit_callbacks(execute=True):
        return api(user).post(url(cycle), body, format="json", **headers)


def test_a_broadcast_reaches_only_one_villages_residents_in_their_languages_and_skips_the_unsubscribed(  # noqa: E501
    api, client, cycle, organizer, villagers, chkhari, outsider, django_capture_on_commit_callbacks
):
    first = send(
        api, cycle, organizer, message(community=chkhari.pk), django_capture_on_commit_callbacks
    )
    assert first.status_code == 201, first.json()
    # Lela stops these e-mails with the one click her mail program offers
    lela_mail = next(m for m in mail.outbox if m.to == ["lela@example.ge"])
    link = lela_mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(link[link.index("/notifications/") :]).status_code == 200
    mail.outbox.clear()

    second = send(
        api,
        cycle,
        organizer,
        message(community=chkhari.pk, text_ka=TEXT_KA + " მობრძანდით!", text_en=TEXT_EN + " Come!"),
        django_capture_on_commit_callbacks,
    )
    assert second.status_code == 201, second.json()
    assert second.json()["recipients"] == 2  # Nino and George
    received = {m.to[0]: m.body for m in mail.outbox}
    assert set(received) == {"nino@example.ge", "george@example.ge"}  # not Dato, not Lela
    assert received["nino@example.ge"].startswith(TEXT_KA + " მობრძანდით!")
    assert received["george@example.ge"].startswith(TEXT_EN + " Come!")
    assert "Terjola" in received["george@example.ge"]
    assert not Notification.objects.filter(recipient__in=[villagers["dato"], outsider]).exists()


def test_sms_and_in_app_go_in_each_readers_language_and_the_segments_are_counted(
    api, cycle, organizer, villagers, chkhari, django_capture_on_commit_callbacks
):
    long_ka = "ა" * 71  # two Georgian segments
    response = send(
        api,
        cycle,
        organizer,
        message(channels=["sms", "inapp"], community=chkhari.pk, text_ka=long_ka),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 201
    # Nino and Lela read Georgian (2 segments each), George English (1)
    assert response.json()["sms_count"] == 5
    texts = dict(SENT_SMS)
    assert texts == {
        villagers["nino"].phone: long_ka,
        villagers["lela"].phone: long_ka,
        villagers["george"].phone: TEXT_EN,
    }
    inbox = api(villagers["george"]).get("/api/v1/notifications/").json()["results"]
    assert [n["text"] for n in inbox] == [TEXT_EN]
    assert mail.outbox == []  # not chosen


def test_a_resident_who_turned_the_organizers_sms_off_gets_none(
    api, cycle, organizer, villagers, chkhari, django_capture_on_commit_callbacks
):
    nino = villagers["nino"]
    r = api(nino).put(
        "/api/v1/notifications/preferences/",
        {"preferences": [{"kind": "broadcast", "channel": "sms", "enabled": False}]},
        format="json",
    )
    assert r.status_code == 200
    response = send(
        api,
        cycle,
        organizer,
        message(channels=["sms"], community=chkhari.pk),
        django_capture_on_commit_callbacks,
    )
    assert response.json()["recipients"] == 2
    assert nino.phone not in dict(SENT_SMS)


def test_without_a_village_it_reaches_the_whole_municipality(
    api, cycle, organizer, villagers, outsider, django_capture_on_commit_callbacks
):
    response = send(api, cycle, organizer, message(), django_capture_on_commit_callbacks)
    # the four villagers and the organizer, a resident of Terjola too
    assert response.json()["recipients"] == 5
    assert "oscar@vani.ge" not in {m.to[0] for m in mail.outbox}


def test_the_preview_counts_what_sending_then_reaches(
    api, cycle, organizer, villagers, chkhari, django_capture_on_commit_callbacks
):
    body = message(channels=["sms", "email"], community=chkhari.pk)
    preview = api(organizer).post(f"{url(cycle)}preview/", body, format="json")
    assert preview.status_code == 200
    assert preview.json() == {
        "recipients": 3,
        "sms_count": 3,
        "by_channel": {"sms": 3, "email": 3},
        "left_today": 3,
    }
    assert not Notification.objects.exists() and not Broadcast.objects.exists()
    sent = send(api, cycle, organizer, body, django_capture_on_commit_callbacks).json()
    assert (sent["recipients"], sent["sms_count"]) == (3, 3)


def test_the_broadcast_goes_on_the_public_record_without_personal_data(
    api, cycle, organizer, villagers, chkhari, django_capture_on_commit_callbacks
):
    send(
        api,
        cycle,
        organizer,
        message(channels=["email", "sms"], community=chkhari.pk),
        django_capture_on_commit_callbacks,
    )
    record = api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()["results"]
    entry = next(e for e in record if e["action"] == "broadcast_sent")
    text = str(entry)
    assert TEXT_KA in text and TEXT_EN in text and "ჩხარი" in text
    assert entry["data"]["recipients"] == 3 and entry["data"]["channels"] == ["sms", "email"]
    for person in (*villagers.values(), organizer):
        assert person.name not in text and person.email not in text and person.phone not in text
    assert Entry.objects.filter(action="broadcast_sent").count() == 1


def test_the_same_request_twice_sends_once(
    api, cycle, organizer, villagers, chkhari, django_capture_on_commit_callbacks
):
    body = message(community=chkhari.pk)
    first = send(
        api, cycle, organizer, body, django_capture_on_commit_callbacks, HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = send(
        api, cycle, organizer, body, django_capture_on_commit_callbacks, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(mail.outbox) == 3 and Broadcast.objects.count() == 1
    # without a key, the same message on the same day is the same broadcast too
    plain = send(api, cycle, organizer, body, django_capture_on_commit_callbacks)
    plain_again = send(api, cycle, organizer, body, django_capture_on_commit_callbacks)
    assert plain.json() == plain_again.json() and Broadcast.objects.count() == 2


def test_the_daily_cap_refuses_the_next_broadcast_with_a_clear_message(
    api, cycle, organizer, villagers, settings, django_capture_on_commit_callbacks
):
    settings.BROADCASTS_PER_DAY = 2
    for i in range(2):
        r = send(
            api,
            cycle,
            organizer,
            message(text_ka=f"{TEXT_KA} {i}"),
            django_capture_on_commit_callbacks,
        )
        assert r.status_code == 201
    mail.outbox.clear()
    refused = send(
        api, cycle, organizer, message(text_ka="მესამე"), django_capture_on_commit_callbacks
    )
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert "2 messages to residents today" in refused.json()["error"]["message"]
    assert mail.outbox == [] and Broadcast.objects.count() == 2
    # a repeat of one already sent is still answered, not refused
    again = send(
        api, cycle, organizer, message(text_ka=f"{TEXT_KA} 0"), django_capture_on_commit_callbacks
    )
    assert again.status_code == 201


def test_organizers_list_the_past_broadcasts_in_few_queries(
    api, cycle, organizer, chkhari, settings, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    settings.BROADCASTS_PER_DAY = 10
    for i in range(6):
        send(
            api, cycle, organizer, message(community=chkhari.pk if i % 2 else None,
                                           text_ka=f"{TEXT_KA} {i}"),
            django_capture_on_commit_callbacks,
        )  # fmt: skip
    with django_assert_max_num_queries(6):
        r = api(organizer).get(url(cycle))
    body = r.json()
    assert body["count"] == 6
    newest = body["results"][0]
    assert newest["text_ka"] == f"{TEXT_KA} 5" and newest["community_name"] == "Chkhari"
    assert set(newest) == {
        "id", "sent_at", "channels", "community", "community_name", "text_ka", "text_en",
        "recipients", "sms_count",
    }  # fmt: skip


@pytest.mark.parametrize(
    "body, field",
    [
        ({"channels": [], "text_ka": "ა"}, "channels"),
        ({"channels": ["fax"], "text_ka": "ა"}, "channels.0"),
        ({"channels": "sms", "text_ka": "ა"}, "channels"),
        ({"channels": ["sms"], "text_ka": "   "}, "text_ka"),
        ({"channels": ["sms"]}, "text_ka"),
        ({"channels": ["sms"], "text_ka": "ა" * 641}, "text_ka"),
        ({"channels": ["sms"], "text_ka": "ა", "community": 10**30}, "community"),
        ({"channels": ["sms"], "text_ka": "ა", "community": "1e400"}, "community"),
        ({"channels": ["sms"], "text_ka": "ა", "community": 999999}, "community"),
    ],
)
def test_a_wrong_message_is_a_400_naming_the_field(api, cycle, organizer, body, field):
    r = api(organizer).post(url(cycle), body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["error"]["fields"]
    assert not Broadcast.objects.exists()


def test_a_village_of_another_municipality_is_refused(api, cycle, organizer, vani):
    from tests import factories as f

    elsewhere = f.CommunityFactory(municipality=vani)
    r = api(organizer).post(url(cycle), message(community=elsewhere.pk), format="json")
    assert r.status_code == 400 and "community" in r.json()["error"]["fields"]


def test_only_the_municipalitys_organizers_may_send_and_before_the_body_is_read(
    api, cycle, resident, vani_organizer
):
    assert api().post(url(cycle), {}, format="json").status_code == 401
    assert api(resident).post(url(cycle), {}, format="json").status_code == 403
    assert api(vani_organizer).post(url(cycle), {}, format="json").status_code == 403
    assert api(resident).get(url(cycle)).status_code == 403
    assert reverse("api:broadcasts", args=[cycle.pk]) == url(cycle)
