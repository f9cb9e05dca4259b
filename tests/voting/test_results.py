"""Results: every envelope counted with the cycle's rule; anyone can take the .pb and recount."""

import csv
import hashlib
import io
import json

import pytest

from cycles.services import advance
from notifications.models import Notification
from proposals.models import Proposal, StatusChange
from record.models import Entry
from voting import pabulib, rules, services
from voting.models import EnvelopeResult, ProjectResult
from voting.results import publish_results

from .. import factories as f
from .conftest import BIRTH, ids

pytestmark = pytest.mark.django_db

# (how many voters, what they chose) on paper: Playground 5 votes, Road 4, Library 3
PAPER = [(3, ("Road", "Playground")), (2, ("Library", "Playground")), (1, ("Road", "Library"))]


@pytest.fixture
def counted_ballots(voting, organizer, projects, envelope, voter, api):
    n = 0
    for count, titles in PAPER:
        for _ in range(count):
            n += 1
            services.paper_ballot_enter(
                cycle=voting,
                by=organizer,
                personal_number=f"{n:011d}",
                birth_date=BIRTH,
                voting_point=f.officer_point(voting, organizer, "Chkhari school"),
                envelopes=[{"envelope": envelope.pk, "choices": ids(projects, *titles)}],
            )
    # Alice votes online, so voters hear about results too (6 + 1 ballots)
    services.ballot_cast(
        cycle=voting,
        user=voter,
        envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Road")}],
    )
    return n + 1


def publish(cycle, organizer):
    advance(cycle=cycle, to="results", by=organizer)
    cycle.refresh_from_db()
    return cycle


def test_results_are_409_before_they_are_published(api, voting):
    for path in ("results/", "results.csv", "results.pb"):
        r = api().get(f"/api/v1/cycles/{voting.pk}/{path}")
        assert r.status_code == 409, path
        assert r.json()["error"]["code"] == "phase_closed"


def test_opening_results_counts_with_greedy_and_marks_winners_and_losers(
    api, voting, organizer, projects, counted_ballots
):
    publish(voting, organizer)
    body = api().get(f"/api/v1/cycles/{voting.pk}/results/").json()
    [env] = body["envelopes"]
    assert env["rule"] == "greedy" and env["ballots"] == 7
    rows = {p["title"]: p for p in env["projects"]}
    # Road and Playground tie on 5 (4 on paper + Alice for Road): the cheaper goes first
    assert rows["Playground"]["votes"] == 5 and rows["Road"]["votes"] == 5
    assert rows["Library"]["votes"] == 3
    assert [p["title"] for p in env["projects"]] == ["Playground", "Road", "Library"]
    assert {t for t, p in rows.items() if p["won"]} == {"Playground", "Road"}
    assert rows["Playground"]["share"] == "0.7143"
    assert env["spent"] == "30000.00"
    assert [p["rank"] for p in env["projects"]] == [1, 2, 3]
    statuses = dict(Proposal.objects.values_list("title", "status"))
    assert statuses == {"Road": "won", "Playground": "won", "Library": "lost"}
    assert StatusChange.objects.filter(to_status="won").count() == 2


def test_equal_votes_go_to_the_cheaper_project(api, voting, organizer, projects, envelope):
    # Road and Library both get one vote; only one fits beside nothing else... Library is cheaper
    for n, title in enumerate(("Road", "Library"), start=1):
        services.paper_ballot_enter(
            cycle=voting,
            by=organizer,
            personal_number=f"{n:011d}",
            birth_date=BIRTH,
            voting_point=f.officer_point(voting, organizer, "x"),
            envelopes=[{"envelope": envelope.pk, "choices": ids(projects, title)}],
        )
    publish(voting, organizer)
    ranks = dict(ProjectResult.objects.values_list("project__title", "rank"))
    assert ranks["Library"] < ranks["Road"]


def test_the_record_has_the_rule_and_the_hash_of_the_anonymized_ballots(
    voting, organizer, counted_ballots
):
    publish(voting, organizer)
    entry = Entry.objects.get(action="results_published")
    result = EnvelopeResult.objects.get()
    assert entry.data["rule"] == "greedy"
    assert entry.data["envelopes"][0]["ballot_hash"] == result.ballot_hash
    assert len(result.ballot_hash) == 64


def test_the_pb_file_recounts_to_the_same_winners_and_hash(
    api, voting, organizer, counted_ballots, settings
):
    settings.RESULTS_MIN_BALLOTS_PUBLISHED = 7  # this envelope's 7 ballots are enough
    publish(voting, organizer)
    r = api().get(f"/api/v1/cycles/{voting.pk}/results.pb")
    assert r.status_code == 200
    text = r.content.decode()
    parsed = pabulib.parse(text)
    assert parsed.rule == "greedy" and parsed.meta["currency"] == "GEL"
    recount = set(rules.tally(parsed.election, parsed.rule).selected)
    won = {
        str(p) for p in ProjectResult.objects.filter(won=True).values_list("project_id", flat=True)
    }
    assert recount == won == set(parsed.selected)
    # anonymous: voters are 1..n, no receipt or key appears
    from voting.models import Ballot, VoterKey

    assert not any(b.receipt in text for b in Ballot.objects.all())
    assert not any(k.key in text for k in VoterKey.objects.all())
    # the published hash can be recomputed from the file's votes
    ballots = sorted(sorted((pid, 1) for pid in b) for b in parsed.election.ballots)
    digest = hashlib.sha256(
        json.dumps([[list(p) for p in b] for b in ballots], separators=(",", ":")).encode()
    ).hexdigest()
    assert digest == EnvelopeResult.objects.get().ballot_hash


def test_the_csv_lists_every_project_with_votes_and_won(api, voting, organizer, counted_ballots):
    publish(voting, organizer)
    r = api().get(f"/api/v1/cycles/{voting.pk}/results.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert {(row["title"], row["won"]) for row in rows} == {
        ("Playground", "1"),
        ("Road", "1"),
        ("Library", "0"),
    }


def test_the_cycle_can_count_with_equal_shares(api, voting, organizer, counted_ballots, envelope):
    voting.tally_rule = "equalshares/add1"
    voting.save()
    publish(voting, organizer)
    result = EnvelopeResult.objects.get()
    assert result.rule == "equalshares/add1"
    from voting.results import election_of

    expected = set(rules.tally(election_of(envelope), "equalshares/add1").selected)
    won = {
        str(p) for p in ProjectResult.objects.filter(won=True).values_list("project_id", flat=True)
    }
    assert won == expected


def test_counting_twice_changes_nothing(voting, organizer, counted_ballots):
    publish(voting, organizer)
    before = list(ProjectResult.objects.values_list("project_id", "votes", "won"))
    publish_results(voting, organizer)
    assert list(ProjectResult.objects.values_list("project_id", "votes", "won")) == before
    assert EnvelopeResult.objects.count() == 1
    assert Entry.objects.filter(action="results_published").count() == 1


def test_authors_of_winners_and_online_voters_are_told(
    voting, organizer, author, envelope, voter, projects
):
    won = f.BallotProjectFactory(envelope=envelope, title="Lights", cost="1000.00")
    won.proposal.idea.author = author
    won.proposal.idea.channel = "web"
    won.proposal.idea.save()
    services.ballot_cast(
        cycle=voting, user=voter, envelopes=[{"envelope": envelope.pk, "choices": [won.pk]}]
    )
    publish(voting, organizer)
    assert Notification.objects.filter(kind="proposal_won", recipient=author).exists()
    assert Notification.objects.filter(kind="results_published", recipient=voter).exists()


def test_an_envelope_nobody_voted_in_funds_nothing(api, voting, organizer, projects):
    publish(voting, organizer)
    [env] = api().get(f"/api/v1/cycles/{voting.pk}/results/").json()["envelopes"]
    assert env["ballots"] == 0 and not any(p["won"] for p in env["projects"])


def test_a_cumulative_envelope_exports_points_and_recounts_the_same(
    api, voting, organizer, projects, envelope, settings
):
    settings.RESULTS_MIN_BALLOTS_PUBLISHED = 1
    from voting.models import Envelope

    Envelope.objects.filter(pk=envelope.pk).update(ballot_kind="cumulative", points=5)
    road, play, lib = projects
    for n, points in enumerate(({road.pk: 5}, {play.pk: 3, lib.pk: 2}, {lib.pk: 4}), start=1):
        services.paper_ballot_enter(
            cycle=voting,
            by=organizer,
            personal_number=f"{n:011d}",
            birth_date=BIRTH,
            voting_point=f.officer_point(voting, organizer, "x"),
            envelopes=[
                {"envelope": envelope.pk, "choices": {str(k): v for k, v in points.items()}}
            ],
        )
    publish(voting, organizer)
    votes = dict(ProjectResult.objects.values_list("project__title", "votes"))
    assert votes == {"Road": 5, "Playground": 3, "Library": 6}
    parsed = pabulib.parse(api().get(f"/api/v1/cycles/{voting.pk}/results.pb").content.decode())
    assert parsed.vote_type == "cumulative"
    won = {
        str(p) for p in ProjectResult.objects.filter(won=True).values_list("project_id", flat=True)
    }
    assert set(rules.tally(parsed.election, parsed.rule).selected) == won


def test_an_envelope_with_fewer_ballots_than_the_setting_publishes_counts_not_ballots(
    api, voting, organizer, counted_ballots
):
    publish(voting, organizer)  # 7 ballots, under the default of 10
    r = api().get(f"/api/v1/cycles/{voting.pk}/results.pb")
    assert r.status_code == 200
    text = r.content.decode()
    votes_section = text.split("VOTES\r\n", 1)[1].strip().splitlines()
    assert votes_section == ["voter_id;vote"]  # the header, and no ballot
    assert "withheld" in text
    projects = text.split("PROJECTS\r\n", 1)[1].split("VOTES")[0]
    rows = {line.split(";")[3]: line.split(";")[2] for line in projects.strip().splitlines()[1:]}
    assert rows == {"Road": "5", "Playground": "5", "Library": "3"}
    body = api().get(f"/api/v1/cycles/{voting.pk}/results/").json()
    assert body["envelopes"][0]["ballots"] == 7
