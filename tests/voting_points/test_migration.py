"""The free-text voting points of existing paper ballots become VotingPoint rows (voting 0002)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import needs

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # going back to voting 0001 runs Django's SQLite table rebuilds with a historical state of
    # the branched cycles graph that lacks the voter roll's column, and undoing the roll then
    # fails on it; PostgreSQL alters columns in place (CI runs it there)
    needs(connection.vendor == "postgresql", "needs PostgreSQL: migrating back on SQLite fails"),
]

# cycles back to 0001 too: its later migrations (the voter roll, every tally rule) add columns
# the historical models of voting 0001 know nothing about
BEFORE = [
    ("cycles", "0001_initial"),
    ("voting", "0001_initial"),
    ("voting_points", "0001_voting_points"),
]
AFTER = [("voting", "0003_ballot_voting_point_by_id")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_free_text_point_of_a_cycle_becomes_one_voting_point():
    old = _migrate(BEFORE)
    try:
        Municipality = old.get_model("cycles", "Municipality")
        Cycle = old.get_model("cycles", "Cycle")
        Envelope = old.get_model("voting", "Envelope")
        VoterKey = old.get_model("voting", "VoterKey")
        Ballot = old.get_model("voting", "Ballot")
        town = Municipality.objects.create(slug="khoni", name_ka="ხონი", name_en="Khoni")
        voting = Cycle.objects.create(
            municipality=town, year=2026, title_ka="ხ", phase="voting", total_budget=1000
        )
        past = Cycle.objects.create(
            municipality=town, year=2025, title_ka="ხ", phase="results", total_budget=1000
        )
        start = timezone.now() - datetime.timedelta(days=3)
        for n, (cycle, channel, text) in enumerate(
            [
                (voting, "paper", "Khoni school"),
                (voting, "paper", "Khoni school"),
                (voting, "paper", "Town hall"),
                (voting, "online", ""),
                (past, "paper", "Khoni school"),
            ]
        ):
            envelope, _ = Envelope.objects.get_or_create(cycle=cycle, defaults={"budget": 1000})
            Ballot.objects.create(
                envelope=envelope,
                voter=VoterKey.objects.create(cycle=cycle, key=f"k{n}"),
                channel=channel,
                voting_point=text,
                receipt=f"R{n:015d}",
                created_at=start + datetime.timedelta(hours=n),
            )
        new = _migrate(AFTER)
        Point = new.get_model("voting_points", "VotingPoint")
        NewBallot = new.get_model("voting", "Ballot")
        assert sorted(Point.objects.values_list("cycle__year", "name", "status")) == [
            (2025, "Khoni school", "closed"),
            (2026, "Khoni school", "open"),
            (2026, "Town hall", "open"),
        ]
        school = Point.objects.get(cycle__year=2026, name="Khoni school")
        assert NewBallot.objects.filter(voting_point=school).count() == 2
        assert NewBallot.objects.filter(voting_point__isnull=True).count() == 1  # online
        assert school.opens_at <= school.closes_at
    finally:  # every app back at its latest migration, for the tests that follow
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
