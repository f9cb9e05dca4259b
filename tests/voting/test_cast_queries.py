"""A ballot is the cheapest write in the system: one cast in a handful of database round trips
(issue 18; bench/ballots.py measures the rest)."""

import pytest
from django.core import mail
from django.db import connection

from core.errors import AlreadyVoted
from notifications.models import Notification
from notifications.services import deliver
from voting import services
from voting.models import Ballot, Choice, VoterKey

from .. import factories as f
from .conftest import BIRTH, BOB_PN, ids

pytestmark = pytest.mark.django_db

# PostgreSQL: ONE read of the token's account, the cycle and the voter key (who may vote, asked
# before the body is read: voting.services.caster), and ONE statement that writes the ballots,
# their choices, the voter's `voted` flag and the receipt's outbox row
# (voting.services.casting.first_ballot_cast), in its own transaction; inside the test's
# transaction a savepoint pair stands around it. Was 20, then 11, then 4; issue 18's goal 6.
# SQLite (the embedded default) takes the API view and the locked path: the user, the cycle, the
# voter key, BEGIN, the lock with the ballots, the ballots, the choices, the flag, the outbox row,
# COMMIT.
MAX_QUERIES = {"postgresql": 1 + 3}.get(connection.vendor, 3 + 7)


def test_a_first_cast_is_one_statement_and_answers_from_what_it_wrote(
    api, voting, voter, projects, envelope, django_assert_max_num_queries
):
    url = f"/api/v1/cycles/{voting.pk}/my-ballot/"
    body = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Library")}]}
    # Bob votes first: a worker keeps the frozen ballot (envelopes, projects) while voting is open
    bob = f.UserFactory(municipality=voting.municipality, phone_verified=True)
    services.voter_verify(cycle=voting, user=bob, personal_number=BOB_PN, birth_date=BIRTH)
    assert api(bob).put(url, body, format="json").status_code == 200
    client = api(voter)
    with django_assert_max_num_queries(MAX_QUERIES):
        r = client.put(url, body, format="json")
    assert r.status_code == 200, r.json()
    key = VoterKey.objects.get(cycle=voting, user=voter)
    ballot = Ballot.objects.get(voter_tag=key.tag, envelope=envelope)
    assert r.json()["envelopes"] == [
        {
            "envelope": envelope.pk,
            "choices": sorted(ids(projects, "Road", "Library")),
            "receipt": ballot.receipt,
            "channel": "online",
            "voting_point": "",
            "updated_at": r.json()["envelopes"][0]["updated_at"],
        }
    ]


def _cast(api, voting, user, envelope, projects, *titles):
    body = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, *titles)}]}
    return api(user).put(f"/api/v1/cycles/{voting.pk}/my-ballot/", body, format="json")


def test_the_receipt_is_one_outbox_row_that_the_worker_splits_into_each_channel_once(
    api, voting, voter, projects, envelope, django_capture_on_commit_callbacks
):
    voter.phone, voter.phone_verified = "+995599111222", True
    voter.save(update_fields=["phone", "phone_verified"])
    with django_capture_on_commit_callbacks(execute=True):
        r = _cast(api, voting, voter, envelope, projects, "Road")
    assert r.status_code == 200, r.json()
    receipt = r.json()["envelopes"][0]["receipt"]
    rows = Notification.objects.filter(kind="ballot_received", recipient=voter)
    assert sorted(rows.values_list("channel", "status")) == [
        ("email", "sent"),
        ("inapp", "sent"),
        ("sms", "sent"),
        ("split", "sent"),
    ]
    [message] = mail.outbox
    assert message.to == [voter.email] and receipt in message.body
    inbox = api(voter).get("/api/v1/notifications/").json()["results"]
    assert [n["kind"] for n in inbox] == ["ballot_received"]

    # the split row handed to a worker again (a duplicated task, the beat) writes nothing more
    split = rows.get(channel="split")
    Notification.objects.filter(pk=split.pk).update(status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        deliver([split.pk])
    assert rows.count() == 4 and len(mail.outbox) == 1


def test_a_voter_whose_paper_ballot_arrived_after_the_check_gets_the_paper_answer(
    voting, voter, projects, envelope
):
    key = services.require_voter(cycle=voting, user=voter)  # the API's check: not voted yet
    assert key.voted is False
    # meanwhile, at a voting point, the same person's paper ballot (which sets the flag)
    Ballot.objects.create(envelope=envelope, voter_tag=key.tag, channel="paper")
    VoterKey.objects.filter(pk=key.pk).update(voted=True)
    with pytest.raises(AlreadyVoted, match="on paper"):
        services.ballot_cast(
            cycle=voting,
            user=voter,
            envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Road")}],
            voter=key,
        )
    assert list(Ballot.objects.values_list("channel", flat=True)) == ["paper"]
    assert not Notification.objects.filter(kind="ballot_received").exists()


def test_a_ballot_already_in_the_envelope_without_the_flag_is_refused_and_nothing_is_written(
    voting, voter, projects, envelope
):
    # the statement meets the unique (envelope, voter) and leaves the cast to the locked path,
    # which refuses a change where the cycle allows none, as for any second ballot
    voting.ballot_changes_allowed = False
    voting.save(update_fields=["ballot_changes_allowed"])
    key = services.require_voter(cycle=voting, user=voter)
    Ballot.objects.create(envelope=envelope, voter_tag=key.tag, channel="online")
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(
            cycle=voting,
            user=voter,
            envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Library")}],
            voter=key,
        )
    assert Ballot.objects.count() == 1 and not Choice.objects.exists()
    assert not Notification.objects.filter(kind="ballot_received").exists()
