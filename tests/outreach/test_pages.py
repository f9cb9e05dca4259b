"""The organizer's pages: write a message, see whom it reaches and its SMS segments, confirm;
a confirmation posted twice sends once. No JavaScript: the preview is a page of its own."""

import re

import pytest
from django.core import mail

from outreach.models import Broadcast

pytestmark = pytest.mark.django_db

TEXT_KA = "ხვალ 11:00-ზე ჩხარის სკოლაში საარჩევნო პუნქტი გაიხსნება."


def hidden(html):
    """The confirmation form's hidden fields, as the browser would post them back."""
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html)
    out = {}
    for name, value in fields:
        out.setdefault(name, []).append(value)
    return out


def test_the_organizer_sees_recipients_and_sms_segments_and_confirms_before_sending(
    client, cycle, organizer, villagers, chkhari, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    form = client.get(f"/cycles/{cycle.pk}/broadcasts/new/")
    assert form.status_code == 200 and 'name="text_ka"' in form.content.decode()

    preview = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/",
        {"channels": ["sms", "email"], "community": chkhari.pk, "text_ka": "ა" * 71},
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    # Nino, George and Lela of Chkhari; two Georgian segments each for the two Georgian readers
    # and one for George, who gets the Georgian text too (no English given): 2 + 2 + 2
    assert '<span class="stat" id="recipients">3</span>' in html
    assert '<span class="stat" id="sms-count">6</span>' in html
    assert "Send to 3 people" in html
    assert not Broadcast.objects.exists() and mail.outbox == []

    confirmation = hidden(html)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/cycles/{cycle.pk}/broadcasts/send/", confirmation, follow=True)
        again = client.post(f"/cycles/{cycle.pk}/broadcasts/send/", confirmation, follow=True)
    assert "The message is on its way to 3 residents." in sent.content.decode()
    assert "This message was already sent; it was not sent again." in again.content.decode()
    assert Broadcast.objects.count() == 1 and len(mail.outbox) == 3
    listing = again.content.decode()
    assert "ა" * 71 in listing and "3 recipients" in listing and "6 SMS segments" in listing


def test_changing_the_message_brings_back_the_form_filled(client, cycle, organizer, villagers):
    client.force_login(organizer)
    preview = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/", {"channels": ["inapp"], "text_ka": TEXT_KA}
    )
    back = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/", {**hidden(preview.content.decode()), "edit": "1"}
    )
    html = back.content.decode()
    assert 'name="text_ka"' in html and TEXT_KA in html and "Show whom it reaches" in html
    assert not Broadcast.objects.exists()


def test_a_message_without_georgian_text_is_shown_again_with_the_error(client, cycle, organizer):
    client.force_login(organizer)
    response = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/", {"channels": ["sms"], "text_en": "Hello"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Broadcast.objects.exists()


def test_the_days_limit_is_said_before_and_after_the_confirmation(
    client, cycle, organizer, villagers, settings, django_capture_on_commit_callbacks
):
    settings.BROADCASTS_PER_DAY = 1
    client.force_login(organizer)
    first = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/", {"channels": ["inapp"], "text_ka": TEXT_KA}
    )
    second = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/", {"channels": ["inapp"], "text_ka": "მეორე"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cycles/{cycle.pk}/broadcasts/send/", hidden(first.content.decode()))
    # the second confirmation page was opened before the first was sent; posted now, refused
    response = client.post(
        f"/cycles/{cycle.pk}/broadcasts/send/", hidden(second.content.decode()), follow=True
    )
    assert "the most allowed in a day" in response.content.decode()
    assert Broadcast.objects.count() == 1
    # a new preview says so at once, without a button to send
    third = client.post(
        f"/cycles/{cycle.pk}/broadcasts/new/", {"channels": ["inapp"], "text_ka": "მესამე"}
    )
    html = third.content.decode()
    assert "the most allowed in a day" in html and "Send to" not in html


def test_organizers_find_the_messages_page_on_the_cycle_and_residents_do_not(
    client, cycle, organizer, resident
):
    client.force_login(organizer)
    assert f"/cycles/{cycle.pk}/broadcasts/" in client.get(f"/cycles/{cycle.pk}/").content.decode()
    client.force_login(resident)
    assert (
        f"/cycles/{cycle.pk}/broadcasts/" not in client.get(f"/cycles/{cycle.pk}/").content.decode()
    )
    assert client.get(f"/cycles/{cycle.pk}/broadcasts/").status_code == 403
    confirm = {"channels": ["inapp"], "text_ka": TEXT_KA, "key": "k"}
    assert client.post(f"/cycles/{cycle.pk}/broadcasts/send/", confirm).status_code == 403
    assert not Broadcast.objects.exists()


def test_the_list_of_past_messages_takes_few_queries(
    client, cycle, organizer, chkhari, settings, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    from outreach import services

    settings.BROADCASTS_PER_DAY = 30
    for i in range(25):
        services.broadcast_send(
            cycle=cycle,
            by=organizer,
            data={"channels": ["inapp"], "community": chkhari if i % 2 else None,
                  "text_ka": f"{TEXT_KA} {i}", "text_en": ""},
        )  # fmt: skip
    client.force_login(organizer)
    with django_assert_max_num_queries(8):
        response = client.get(f"/cycles/{cycle.pk}/broadcasts/")
    html = response.content.decode()
    assert f"{TEXT_KA} 24" in html and f"{TEXT_KA} 4<" not in html  # 20 a page, newest first
    assert "Page 1 of 2" in html
