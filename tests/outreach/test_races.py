"""Races the database settles: a double click on "Send", two organizers at the day's last
broadcast, two beat runs of the reminders. Real threads against PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cycles.phases import Phase
from notifications.models import Notification
from outreach import services
from outreach.models import Broadcast
from tests import factories as f
from tests.races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _message(text):
    return {"channels": ["inapp"], "community": None, "text_ka": text, "text_en": ""}


def test_a_double_click_on_send_sends_once(cycle, organizer, villagers):
    def click():
        return services.broadcast_send(
            cycle=cycle, by=organizer, data=_message("ხვალ კრებაა."), client_key="form-key-1"
        )

    outcomes = race(click, click, click, expected=())
    assert len({broadcast.pk for broadcast, _sent in outcomes}) == 1
    assert sorted(sent for _b, sent in outcomes) == [False, False, True]
    assert Broadcast.objects.count() == 1
    assert Notification.objects.filter(kind="broadcast", channel="inapp").count() == 5


def test_two_organizers_at_the_days_last_broadcast_send_one(cycle, organizer, villagers, settings):
    settings.BROADCASTS_PER_DAY = 1
    other = f.OrganizerFactory(municipality=cycle.municipality)

    def send(by, text):
        return lambda: services.broadcast_send(cycle=cycle, by=by, data=_message(text))

    outcomes = race(send(organizer, "პირველი"), send(other, "მეორე"))
    assert len(outcomes.results) == 1 and outcomes.refusals == ["throttled"]
    assert Broadcast.objects.count() == 1


def test_two_beat_runs_send_the_voting_reminder_once(cycle, resident, phase):
    phase(cycle, Phase.VOTING)
    cycle.results_starts = timezone.now() + timedelta(days=1)
    cycle.save()
    from voting.models import VoterKey, voter_key_for

    VoterKey.objects.create(cycle=cycle, key=voter_key_for("01001012345"), user=resident)
    outcomes = race(services.reminders_send, services.reminders_send, expected=())
    assert sorted(outcomes) == [0, 1]
    assert Notification.objects.filter(kind="voting_closing", channel="inapp").count() == 1
