"""Races the database settles: a double click on "Send", two organizers at the day's last
broadcast, two beat runs of the reminders. Real threads against PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.errors import DomainError
from cycles.phases import Phase
from notifications.models import Notification
from outreach import services
from outreach.models import Broadcast
from tests import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*fns):
    """Run `fns` at once; their results and domain errors. Anything else fails the test."""
    barrier = threading.Barrier(len(fns))
    results, refusals, crashes = [], [], []

    def run(fn):
        try:
            barrier.wait()
            results.append(fn())
        except DomainError as exc:
            refusals.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - reported below, in the test's thread
            crashes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashes == []
    return results, refusals


def _message(text):
    return {"channels": ["inapp"], "community": None, "text_ka": text, "text_en": ""}


def test_a_double_click_on_send_sends_once(cycle, organizer, villagers):
    def click():
        return services.broadcast_send(
            cycle=cycle, by=organizer, data=_message("ხვალ კრებაა."), client_key="form-key-1"
        )

    results, refusals = race(click, click, click)
    assert refusals == []
    assert len({broadcast.pk for broadcast, _sent in results}) == 1
    assert sorted(sent for _b, sent in results) == [False, False, True]
    assert Broadcast.objects.count() == 1
    assert Notification.objects.filter(kind="broadcast", channel="inapp").count() == 5


def test_two_organizers_at_the_days_last_broadcast_send_one(cycle, organizer, villagers, settings):
    settings.BROADCASTS_PER_DAY = 1
    other = f.OrganizerFactory(municipality=cycle.municipality)

    def send(by, text):
        return lambda: services.broadcast_send(cycle=cycle, by=by, data=_message(text))

    results, refusals = race(send(organizer, "პირველი"), send(other, "მეორე"))
    assert len(results) == 1 and refusals == ["throttled"]
    assert Broadcast.objects.count() == 1


def test_two_beat_runs_send_the_voting_reminder_once(cycle, resident, phase):
    phase(cycle, Phase.VOTING)
    cycle.results_starts = timezone.now() + timedelta(days=1)
    cycle.save()
    from voting.models import VoterKey, voter_key_for

    VoterKey.objects.create(cycle=cycle, key=voter_key_for("01001012345"), user=resident)
    results, refusals = race(services.reminders_send, services.reminders_send)
    assert sorted(results) == [0, 1] and refusals == []
    assert Notification.objects.filter(kind="voting_closing", channel="inapp").count() == 1
