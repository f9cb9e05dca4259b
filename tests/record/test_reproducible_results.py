"""Results are reproducible: recounting the published `results.pb` gives the published winners.

The demo's past Baghdati cycle was counted by the voting app (120 ballots, the cycle's rule).
A monitor downloads the export, recounts it with the pure engine and hashes its votes: the
winners and the ballot hash must be the ones on the results page and in the public record.
"""

import hashlib
import io
import json
import os
from decimal import Decimal

import pytest
from django.core.management import call_command

from cycles.models import Cycle
from record.models import Entry
from voting import pabulib, rules


@pytest.fixture
def counted_cycle(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    return Cycle.objects.get(
        municipality__slug="baghdati", record_entries__action="results_published"
    )


def hash_of(election) -> str:
    """The ballot hash as the results page defines it, computed from the file alone."""
    ballots = []
    for ballot in election.ballots:
        pairs = ballot.items() if isinstance(ballot, dict) else ((pid, 1) for pid in ballot)
        ballots.append(sorted([str(pid), int(points)] for pid, points in pairs))
    text = json.dumps(sorted(ballots), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def test_recounting_results_pb_gives_the_published_winners_and_ballot_hash(api, counted_cycle):
    published = api().get(f"/api/v1/cycles/{counted_cycle.pk}/results/").json()
    assert published["envelopes"]
    for envelope in published["envelopes"]:
        res = api().get(
            f"/api/v1/cycles/{counted_cycle.pk}/results.pb?envelope={envelope['envelope']}"
        )
        assert res.status_code == 200
        parsed = pabulib.parse(res.content.decode())
        winners = {str(p["id"]) for p in envelope["projects"] if p["won"]}
        assert winners, "the demo election has winners"

        recount = rules.tally(parsed.election, parsed.rule)

        assert parsed.rule == envelope["rule"] == published["rule"]
        assert {str(pid) for pid in recount.selected} == winners
        assert set(parsed.selected) == winners
        assert len(parsed.election.ballots) == envelope["ballots"]
        assert hash_of(parsed.election) == envelope["ballot_hash"]


def test_the_public_record_states_the_rule_and_ballot_hash_of_the_results(api, counted_cycle):
    published = api().get(f"/api/v1/cycles/{counted_cycle.pk}/results/").json()
    entry = Entry.objects.get(cycle=counted_cycle, action="results_published")
    assert entry.public and entry.data["rule"] == published["rule"]
    assert [e["ballot_hash"] for e in entry.data["envelopes"]] == [
        e["ballot_hash"] for e in published["envelopes"]
    ]
    record = api().get(f"/api/v1/cycles/{counted_cycle.pk}/record/?action=results_published").json()
    assert (
        record["results"][0]["data"]["envelopes"][0]["ballot_hash"]
        == (published["envelopes"][0]["ballot_hash"])
    )


def test_the_recount_agrees_under_every_rule_the_engine_knows(api, counted_cycle):
    """Not only the cycle's rule: the export is complete enough for any rule to be checked."""
    envelope = api().get(f"/api/v1/cycles/{counted_cycle.pk}/results/").json()["envelopes"][0]
    text = api().get(
        f"/api/v1/cycles/{counted_cycle.pk}/results.pb?envelope={envelope['envelope']}"
    )
    election = pabulib.parse(text.content.decode()).election
    for rule in ("greedy", "equalshares/add1"):
        outcome = rules.tally(election, rule)
        assert sum(election.projects[p].cost for p in outcome.selected) <= election.budget


def test_pb_tally_on_the_downloaded_export_names_the_published_winners(
    api, counted_cycle, tmp_path
):
    """What a monitor runs: download results.pb, `manage.py pb_tally FILE --json`, compare."""
    published = api().get(f"/api/v1/cycles/{counted_cycle.pk}/results/").json()
    for envelope in published["envelopes"]:
        res = api().get(
            f"/api/v1/cycles/{counted_cycle.pk}/results.pb?envelope={envelope['envelope']}"
        )
        path = tmp_path / f"envelope-{envelope['envelope']}.pb"
        path.write_bytes(res.content)
        out = io.StringIO()

        call_command("pb_tally", str(path), "--json", stdout=out)

        line = json.loads(out.getvalue())
        assert line["rule"] == envelope["rule"]
        assert set(line["selected"]) == {str(p["id"]) for p in envelope["projects"] if p["won"]}
        assert Decimal(line["cost"]) == Decimal(envelope["spent"])
