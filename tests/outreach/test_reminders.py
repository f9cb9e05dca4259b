"""Deadline reminders from the schedule, once each: "voting closes in 2 days" to verified voters
who have not voted and to residents who asked for cycle news, never to anyone who voted; "the
ideas competition closes in 3 days" to residents who asked for cycle news."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from cycles.phases import Phase
from notifications.models import Notification, Preference
from outreach.tasks import remind_residents
from voting import services as voting

from .. import factories as f

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1985, 3, 14)


def wants_cycle_news(user, channel="email"):
    Preference.objects.create(user=user, kind="cycle_news", channel=channel, enabled=True)


@pytest.fixture
def closing(cycle, phase):
    """Terjola's vote, closing in a day and a half, with one envelope of two projects."""
    envelope = f.EnvelopeFactory(cycle=cycle, budget=Decimal("30000.00"))
    f.BallotProjectFactory(envelope=envelope, title="Road", cost=Decimal("20000.00"))
    phase(cycle, Phase.VOTING)
    cycle.results_starts = timezone.now() + timedelta(hours=36)
    cycle.save()
    return cycle


@pytest.fixture
def people(closing, terjola):
    """Alice verified and voted; Bob verified, not voted; Carol and Dan not verified, Carol
    asked for cycle news. Alice asked for cycle news too."""
    alice, bob, carol, dan = (
        f.UserFactory(municipality=terjola, name=name, email=f"{name.lower()}@example.ge")
        for name in ("Alice", "Bob", "Carol", "Dan")
    )
    voting.voter_verify(cycle=closing, user=alice, personal_number="01001012345", birth_date=BIRTH)
    voting.voter_verify(cycle=closing, user=bob, personal_number="01001054321", birth_date=BIRTH)
    envelope = closing.envelopes.get()
    voting.ballot_cast(
        cycle=closing,
        user=alice,
        envelopes=[{"envelope": envelope.pk, "choices": [envelope.projects.get().pk]}],
    )
    wants_cycle_news(alice)
    wants_cycle_news(carol)
    return {"alice": alice, "bob": bob, "carol": carol, "dan": dan}


def test_the_reminder_goes_to_a_verified_non_voter_and_not_to_a_voter(
    closing, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()  # Alice's ballot receipt
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_residents.delay().get() == 1
    reminded = {
        n.recipient.name: n.kind for n in Notification.objects.filter(
            kind__in=["voting_closing", "cycle_news"]
        ).select_related("recipient")
    }  # fmt: skip
    assert reminded == {"Bob": "voting_closing", "Carol": "cycle_news"}
    bob = next(m for m in mail.outbox if m.to == ["bob@example.ge"])
    assert bob.subject.startswith("Voting closes on ")
    assert f"/cycles/{closing.pk}/ballot/" in bob.body and "have not voted yet" in bob.body
    carol = next(m for m in mail.outbox if m.to == ["carol@example.ge"])
    assert carol.subject.startswith(f"Voting in “{closing.title_en}” closes on ")
    assert {m.to[0] for m in mail.outbox} == {"bob@example.ge", "carol@example.ge"}


def test_the_reminder_goes_once_however_often_the_task_runs(closing, people):
    assert remind_residents.delay().get() == 1
    assert remind_residents.delay().get() == 0
    assert Notification.objects.filter(kind="voting_closing", channel="inapp").count() == 1


def test_a_resident_who_asked_for_cycle_news_gets_it_only_on_the_channels_chosen(closing, people):
    remind_residents.delay()
    carol = Notification.objects.filter(kind="cycle_news", recipient=people["carol"])
    assert list(carol.values_list("channel", flat=True)) == ["email"]


def test_the_reminder_is_in_the_readers_language(closing, people):
    people["bob"].language = "ka"
    people["bob"].save()
    remind_residents.delay()
    from notifications.services import render

    note = Notification.objects.get(kind="voting_closing", channel="inapp")
    assert render(note, "inapp").startswith(f"ციკლში „{closing.title_ka}“ კენჭისყრა სრულდება")


def test_no_reminder_while_voting_closes_far_off(closing, people):
    closing.results_starts = timezone.now() + timedelta(days=5)
    closing.save()
    assert remind_residents.delay().get() == 0
    assert not Notification.objects.filter(kind__in=["voting_closing", "cycle_news"]).exists()


def test_the_ideas_reminder_goes_to_residents_who_asked_for_cycle_news(cycle, terjola, resident):
    cycle.training_starts = timezone.now() + timedelta(days=2)
    cycle.save()
    wants_cycle_news(resident, "inapp")
    f.UserFactory(municipality=terjola)  # did not ask
    outsider = f.UserFactory()  # another municipality, asked
    wants_cycle_news(outsider, "inapp")
    assert remind_residents.delay().get() == 1
    news = Notification.objects.filter(kind="cycle_news", channel="inapp")
    assert [n.recipient for n in news] == [resident]
    assert f"/cycles/{cycle.pk}/ideas/new/" in news.get().context["url"]
    assert remind_residents.delay().get() == 0


def test_the_reminders_run_from_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "outreach.tasks.remind_residents" in tasks
    assert {"trainings.tasks.send_training_reminders", "jury.tasks.remind_jurors"} <= tasks
