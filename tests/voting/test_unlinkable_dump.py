"""A database dump alone links no person to a choice.

After a small vote (three residents online, one person on paper) the whole database is dumped
with pg_dump, as a thief or a curious administrator would have it. Ballots name their voter only
by a tag keyed with a secret the database does not hold: no column of the ballot or choice
tables points at a voter key or an account, no value of a ballot row appears in any other table,
and a ballot's times are only its day, shared by every ballot of that day. The app, with its
secret, still shows each voter their own ballot and refuses a second one."""

import datetime
import hashlib
import subprocess

import pytest
from django.db import connection

from voting import services

from .. import factories as f
from ..conftest import set_phase

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NUMBERS = ["01001000001", "01001000002", "01001000003"]
BIRTH = datetime.date(1980, 5, 5)


def pg_dump() -> dict:
    """{table: [row dict]} of the test database, from pg_dump's COPY blocks."""
    db = connection.settings_dict
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["pg_dump", "--data-only", "-h", db.get("HOST") or "127.0.0.1"]
    args += ["-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", db["NAME"]]
    text = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    tables, current, columns = {}, None, []
    for line in text.splitlines():
        if line.startswith("COPY "):
            head = line[len("COPY ") :]
            name = head.split(" ", 1)[0].split(".")[-1]
            columns = [c.strip() for c in head[head.index("(") + 1 : head.index(")")].split(",")]
            current = tables.setdefault(name, [])
        elif line == "\\.":
            current = None
        elif current is not None:
            current.append(dict(zip(columns, line.split("\t"), strict=True)))
    return tables


@pytest.fixture
def demo_vote(terjola):
    cycle = f.CycleFactory(municipality=terjola, year=2028)
    envelope = f.EnvelopeFactory(cycle=cycle)
    projects = [f.BallotProjectFactory(envelope=envelope, cost="5000.00") for _ in range(3)]
    set_phase(cycle, "voting")
    people = [
        f.UserFactory(municipality=terjola, birth_date=BIRTH, name=f"Voter {i}") for i in range(3)
    ]
    chosen = {}
    for i, (user, number) in enumerate(zip(people, NUMBERS, strict=True)):
        services.voter_verify(cycle=cycle, user=user, personal_number=number, birth_date=BIRTH)
        picks = [projects[i].pk]
        services.ballot_cast(
            cycle=cycle, user=user, envelopes=[{"envelope": envelope.pk, "choices": picks}]
        )
        chosen[user.pk] = picks
    organizer = f.OrganizerFactory(municipality=terjola)
    services.paper_ballot_enter(
        cycle=cycle,
        by=organizer,
        personal_number="02002000009",
        birth_date=BIRTH,
        voting_point=f.officer_point(cycle, organizer),
        envelopes=[{"envelope": envelope.pk, "choices": [projects[2].pk]}],
    )
    return cycle, envelope, people, chosen


def test_no_query_over_a_dump_links_a_user_to_a_choice(demo_vote):
    cycle, envelope, people, chosen = demo_vote
    dump = pg_dump()
    ballots, choices = dump["voting_ballot"], dump["voting_choice"]
    assert len(ballots) == 4 and len(choices) == 4

    # 1. no column leads from a ballot or a choice to a voter key or an account
    assert set(ballots[0]) == {
        "id", "envelope_id", "voter_tag", "channel", "receipt", "voting_point_id",
        "entered_by_id", "created_at", "updated_at",
    }  # fmt: skip
    assert set(choices[0]) == {"id", "ballot_id", "project_id", "points"}
    online = [b for b in ballots if b["channel"] == "online"]
    assert all(b["entered_by_id"] == "\\N" for b in online)  # staff only, on paper

    # 2. no value of a ballot row is found anywhere else: not the tag, not the receipt, not its id
    elsewhere = "\n".join(
        "\t".join(row.values())
        for table, rows in dump.items()
        if table not in ("voting_ballot", "voting_choice")
        for row in rows
    )
    for b in ballots:
        for value in (b["voter_tag"], b["receipt"], b["id"]):
            assert value not in elsewhere

    # 3. the tag is not a hash of anything the dump holds without the secret
    keys = [k["key"] for k in dump["voting_voterkey"]]
    cycle_keys = {f"{cycle.pk}:{k}" for k in keys}
    unkeyed = {hashlib.sha256(v.encode()).hexdigest() for v in [*keys, *cycle_keys]}
    assert not {b["voter_tag"] for b in ballots} & (unkeyed | set(keys))

    # 4. a ballot's times say only its day, the same for every ballot of that day
    assert len({(b["created_at"], b["updated_at"]) for b in ballots}) == 1
    times = {b["created_at"] for b in ballots}
    user_times = {
        row.get("created_at")
        for table, rows in dump.items()
        if table not in ("voting_ballot", "voting_choice")
        for row in rows
    }
    assert not times & user_times

    # 5. the old one-join attack has nothing to join on
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'voting_ballot'"
        )
        assert "voter_id" not in {row[0] for row in cursor.fetchall()}


def test_the_app_with_its_secret_still_shows_each_voter_their_own_ballot(demo_vote):
    cycle, envelope, people, chosen = demo_vote
    for user in people:
        [ballot] = services.my_ballots(cycle=cycle, user=user)
        assert sorted(c.project_id for c in ballot.choices.all()) == chosen[user.pk]
        assert services.has_voted(cycle=cycle, user=user)
