"""Counting whom a message would reach before sending it (an organizer confirms a broadcast
after seeing the count): the count is what notify() then writes, by the queryset path
(one INSERT ... SELECT on PostgreSQL) and by the list path alike; opt-in kinds reach only
the people who turned them on."""

import pytest
from django.db import transaction

from accounts.models import User
from notifications.models import Device, Notification, Preference
from notifications.services import notify, reach, reached
from tests import factories as f

from .examples import CONTEXTS

BROADCAST = CONTEXTS["broadcast"]  # SMS: the text alone, 56 Georgian / 61 Latin characters


@pytest.fixture
def people(terjola):
    """Six residents, reachable in different ways."""
    make = f.UserFactory
    return {
        "full_ka": make(municipality=terjola, language="ka"),
        "full_en": make(municipality=terjola, language="en"),
        "no_email": make(municipality=terjola, email=None, language="ka"),
        "unverified": make(municipality=terjola, phone_verified=False, language="ka"),
        "sms_off": make(municipality=terjola, language="en"),
        "with_app": make(municipality=terjola, language="ka"),
    }


@pytest.fixture
def choices(people):
    Preference.objects.create(
        user=people["sms_off"], kind="broadcast", channel="sms", enabled=False
    )
    Device.objects.create(user=people["with_app"], token="phone-1")


def _written(kind, users, context, channels):
    with transaction.atomic():
        ids = notify(kind, users, context, subject="s:1", channels=channels)
        counted = reached(kind, ids, context)
        by_row = {}
        for channel in Notification.objects.filter(id__in=ids).values_list("channel", flat=True):
            by_row[channel] = by_row.get(channel, 0) + 1
        transaction.set_rollback(True)
    return counted, by_row


@pytest.mark.parametrize("path", ["queryset", "list"])
def test_the_count_before_sending_is_what_sending_writes(people, choices, path):
    everyone = User.objects.filter(pk__in=[p.pk for p in people.values()])
    users = everyone if path == "queryset" else list(everyone)
    counted = reach("broadcast", everyone, BROADCAST, channels=["sms", "email", "inapp"])
    written, by_row = _written("broadcast", users, BROADCAST, ["sms", "email", "inapp"])
    assert counted == written
    assert counted["by_channel"] == by_row
    # by hand: SMS to the verified phones not turned off (full_ka, full_en, no_email,
    # with_app); e-mail to all but no_email; in-app to all six; push to the one phone
    assert by_row == {"sms": 4, "email": 5, "inapp": 6, "push": 1}
    assert counted["recipients"] == 6
    # one segment each: three Georgian readers and one English
    assert counted["sms_count"] == 4


def test_channels_narrow_the_message_and_push_follows_in_app(people, choices):
    everyone = User.objects.filter(pk__in=[p.pk for p in people.values()])
    assert reach("broadcast", everyone, BROADCAST, channels=["email"])["by_channel"] == {"email": 5}
    assert reach("broadcast", everyone, BROADCAST, channels=["inapp"])["by_channel"] == {
        "inapp": 6,
        "push": 1,
    }


def test_sms_segments_are_counted_in_each_readers_language(people):
    long = {
        **BROADCAST,
        "text": {"ka": "ა" * 71, "en": "a" * 161},  # two segments each
    }
    everyone = User.objects.filter(pk__in=[people["full_ka"].pk, people["full_en"].pk])
    assert reach("broadcast", everyone, long, channels=["sms"])["sms_count"] == 4
    short_en = {**BROADCAST, "text": {"ka": "ა" * 71, "en": "a" * 160}}
    assert reach("broadcast", everyone, short_en, channels=["sms"])["sms_count"] == 3


@pytest.mark.parametrize("path", ["queryset", "list"])
def test_an_opt_in_kind_reaches_only_who_turned_it_on_and_only_there(people, path):
    Preference.objects.create(
        user=people["full_ka"], kind="cycle_news", channel="email", enabled=True
    )
    Preference.objects.create(
        user=people["full_en"], kind="cycle_news", channel="sms", enabled=False
    )
    everyone = User.objects.filter(pk__in=[p.pk for p in people.values()])
    users = everyone if path == "queryset" else list(everyone)
    news = CONTEXTS["cycle_news"]
    written, by_row = _written("cycle_news", users, news, None)
    assert by_row == {"email": 1}
    assert reach("cycle_news", everyone, news)["by_channel"] == {
        "email": 1,
        "sms": 0,
        "inapp": 0,
        "push": 0,
    }
    assert written["recipients"] == 1
