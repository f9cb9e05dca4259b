"""Reading and writing Pabulib `.pb` files, and the `pb_tally` command."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from voting import pabulib, rules
from voting.rules import Election, Outcome, Project

from .test_rules import PB, expected, pb

SAMPLE = (
    "META\r\n"
    "key;value\r\n"
    'description;"Test; with a semicolon"\r\n'
    "budget;1000.50\r\n"
    "vote_type;approval\r\n"
    "rule;greedy\r\n"
    "PROJECTS\r\n"
    "project_id;cost;votes;name;selected;category\r\n"
    '1;500.25;2;"Park ""Green""; phase 1";1;nature\r\n'
    "2;600;1;Library;0;culture\r\n"
    "\r\n"
    "VOTES\r\n"
    "voter_id;vote;age\r\n"
    "a;1,2;30\r\n"
    "b;1;41\r\n"
)


def test_parse_reads_sections_quoting_and_crlf():
    data = pabulib.parse(SAMPLE)
    assert data.meta["description"] == "Test; with a semicolon"
    assert data.rule == "greedy" and data.vote_type == "approval"
    assert data.election == Election(
        budget=Decimal("1000.50"),
        projects={
            "1": Project(cost=Decimal("500.25"), name='Park "Green"; phase 1'),
            "2": Project(cost=Decimal("600"), name="Library"),
        },
        ballots=[frozenset({"1", "2"}), frozenset({"1"})],
    )
    assert data.columns["2"] == {
        "cost": "600",
        "votes": "1",
        "name": "Library",
        "selected": "0",
        "category": "culture",
    }
    assert data.selected == ["1"]


def test_parse_reads_cumulative_points_and_choose_one():
    cumulative = SAMPLE.replace("approval", "cumulative").replace(
        "voter_id;vote;age\r\na;1,2;30\r\nb;1;41", "voter_id;vote;points\r\na;1,2;3,7\r\nb;1;10"
    )
    assert pabulib.parse(cumulative).election.ballots == [{"1": 3, "2": 7}, {"1": 10}]
    choose_one = SAMPLE.replace("approval", "choose-1").replace("a;1,2;30", "a;2;30")
    assert pabulib.parse(choose_one).election.ballots == [frozenset({"2"}), frozenset({"1"})]


def test_parse_reads_ranked_ballots_as_points_by_rank():
    ranked = (
        SAMPLE.replace("approval", "ordinal")
        .replace("rule;greedy", "rule;greedy\r\nmax_length;3")
        .replace("a;1,2;30", "a;2,1;30")
    )
    data = pabulib.parse(ranked)
    assert data.vote_type == "ordinal"
    # max_length 3: the first choice gets 3 points, the second 2.
    assert data.election.ballots == [{"2": 3, "1": 2}, {"1": 3}]
    assert list(data.election.ballots[0]) == ["2", "1"]  # the order is kept
    assert rules.greedy(data.election).votes == {"1": 5, "2": 3}


def test_a_ranked_election_is_written_in_rank_order_without_points():
    election = Election(
        budget=10,
        projects={"a": Project(cost=1), "b": Project(cost=2), "c": Project(cost=3)},
        ballots=[{"c": 3, "a": 2, "b": 1}, {"b": 3}],
    )
    text = pabulib.write(election, meta={"vote_type": "ordinal", "max_length": "3"})
    assert "voter_id;vote\r\n1;c,a,b\r\n2;b\r\n" in text
    assert "project_id;cost;votes;score;name\r\na;1;1;2;\r\nb;2;2;4;\r\n" in text
    again = pabulib.parse(text)
    assert again.vote_type == "ordinal" and again.election == election
    # Points that are not by rank cannot be written as a ranking.
    with pytest.raises(ValueError, match="not by rank"):
        pabulib.write(
            Election(budget=1, projects={"a": Project(cost=1)}, ballots=[{"a": 5}]),
            meta={"vote_type": "ordinal", "max_length": "3"},
        )


def test_parse_reads_odd_quoting_as_pabulibs_own_checker_does():
    # A published file has `"Odkupmy" i my - ...`: csv drops the quotes, as pabulib's tools do.
    text = SAMPLE.replace("Library", '"Odkupmy" i my - kosze')
    assert pabulib.parse(text).election.projects["2"].name == "Odkupmy i my - kosze"


def test_parse_says_what_is_wrong():
    with pytest.raises(ValueError, match="not in PROJECTS"):
        pabulib.parse(SAMPLE.replace("b;1;41", "b;3;41"))
    with pytest.raises(ValueError, match="unsupported vote_type"):
        pabulib.parse(SAMPLE.replace("approval", "quadratic"))
    ordinal = SAMPLE.replace("approval", "ordinal").replace("rule;greedy", "max_length;1")
    with pytest.raises(ValueError, match="2 ranked, max_length 1"):
        pabulib.parse(ordinal)
    with pytest.raises(ValueError, match="ranked twice"):
        pabulib.parse(SAMPLE.replace("approval", "ordinal").replace("a;1,2;30", "a;2,2;30"))
    points = SAMPLE.replace("approval", "cumulative").replace("vote;age", "vote;points")
    with pytest.raises(ValueError, match="2 projects but 1 points"):
        pabulib.parse(points.replace("a;1,2;30", "a;1,2;30").replace("b;1;41", "b;1;4"))


def test_write_numbers_voters_and_marks_the_outcome():
    data = pabulib.parse(SAMPLE)
    outcome = rules.greedy(data.election)
    text = pabulib.write(data.election, meta=data.meta, outcome=outcome, columns=data.columns)
    assert "a;1,2" not in text and "\r\n1;1,2\r\n2;1\r\n" in text
    again = pabulib.parse(text)
    assert again.election == data.election
    assert again.selected == outcome.selected == ["1"]
    assert again.meta["num_votes"] == "2" and again.meta["description"] == data.meta["description"]
    assert again.columns["1"]["category"] == "nature"


ids = st.text("abcXYZ0123456789/-_", min_size=1, max_size=6)
names = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))
money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


@st.composite
def elections(draw):
    projects = draw(
        st.dictionaries(ids, st.builds(Project, cost=money, name=names), min_size=1, max_size=6)
    )
    pids = sorted(projects)
    if draw(st.booleans()):
        ballot = st.frozensets(st.sampled_from(pids))
    else:
        ballot = st.dictionaries(st.sampled_from(pids), st.integers(1, 10))
    return Election(budget=draw(money), projects=projects, ballots=draw(st.lists(ballot)))


@settings(max_examples=100, deadline=None)
@given(elections())
def test_a_written_election_parses_back_the_same(election):
    assert pabulib.parse(pabulib.write(election)).election == election


@settings(max_examples=50, deadline=None)
@given(elections(), st.data())
def test_a_written_outcome_parses_back_as_selected(election, data):
    chosen = data.draw(st.lists(st.sampled_from(sorted(election.projects)), unique=True))
    text = pabulib.write(election, outcome=Outcome(selected=chosen, cost=Decimal(0), votes={}))
    assert sorted(pabulib.parse(text).selected) == sorted(chosen)


def test_write_refuses_ids_a_vote_list_cannot_hold():
    bad = Election(budget=1, projects={"a,b": Project(cost=1)}, ballots=[])
    with pytest.raises(ValueError, match="cannot be written"):
        pabulib.write(bad)


def pb_files():
    return sorted(PB.glob("*.pb"))


def test_every_expected_election_is_vendored():
    # a missing file fails here, not as a silently shorter parametrize list
    assert sorted(expected()) == [p.name for p in pb_files()]
    assert len(pb_files()) == 12


@pytest.mark.parametrize("path", pb_files(), ids=lambda p: p.name)
def test_every_vendored_file_parses_and_survives_a_round_trip(path):
    data = pb(path.name)  # parsed once for all the tests
    assert len(data.election.projects) == int(data.meta["num_projects"])
    assert len(data.election.ballots) == int(data.meta["num_votes"])
    profile = rules._Profile(data.election)
    for i, pid in enumerate(profile.ids):
        if "votes" in data.columns[pid]:
            assert int(data.columns[pid]["votes"]) == profile.approvals[i]
    if path.stat().st_size < 200_000:  # writing the two big ones adds seconds, not coverage
        text = pabulib.write(data.election, meta=data.meta, columns=data.columns)
        assert pabulib.parse(text).election == data.election


KRAKOW = ["Poland_Krakow_2019_Debniki.pb", "Poland_Krakow_2024_Nowa_Huta.pb"]


@pytest.mark.parametrize("name", KRAKOW)
def test_krakow_ranked_files_count_points_by_rank_and_round_trip_in_order(name):
    data = pb(name)
    assert data.vote_type == "ordinal" and data.meta["max_length"] == "3"
    outcome = rules.tally(data.election, data.rule)
    # The file's score column is the city's own count of points (3, 2, 1 by rank).
    assert {pid: str(n) for pid, n in outcome.votes.items()} == {
        pid: row["score"] for pid, row in data.columns.items()
    }
    original = (PB / name).read_text(encoding="utf-8-sig").split("VOTES")[1].splitlines()[2:]
    text = pabulib.write(data.election, meta=data.meta, columns=data.columns, outcome=outcome)
    written = text.split("VOTES")[1].splitlines()[2:]
    assert [line.split(";")[1] for line in written] == [line.split(";")[1] for line in original]
    again = pabulib.parse(text)
    assert again.election == data.election
    assert sorted(again.selected) == sorted(data.selected)


def test_pb_tally_prints_winners_per_file_with_the_meta_rule():
    out = io.StringIO()
    gdynia = PB / "Poland_Gdynia_2022_Cisowa__large.pb"
    katowice = PB / "Poland_Katowice_2020_Murcki.pb"
    call_command("pb_tally", str(gdynia), str(katowice), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["rule"] for line in lines] == ["greedy-no-skip", "greedy-threshold"]
    assert lines[0]["selected"] == ["2022/CIS/0014", "2022/CIS/0013"]
    assert lines[0]["cost"] == "332400"
    assert set(lines[0]) == {"file", "rule", "selected", "cost", "seconds"}
    assert sorted(lines[1]["selected"]) == sorted(pabulib.read(katowice).selected)


def test_pb_tally_reproduces_krakow():
    out = io.StringIO()
    call_command("pb_tally", *(str(PB / name) for name in KRAKOW), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = json.loads((PB / "expected.json").read_text())
    assert [sorted(line["selected"]) for line in lines] == [
        sorted(expected[name]["real_selected"]) for name in KRAKOW
    ]


def test_pb_tally_takes_a_rule_and_reports_files_it_cannot_tally():
    out, err = io.StringIO(), io.StringIO()
    zurich = PB / "Switzerland_Zurich_SN.pb"  # META rule: unknown
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("pb_tally", str(zurich), stdout=out, stderr=err)
    assert "unknown tally rule" in err.getvalue()
    call_command("pb_tally", str(zurich), "--rule", "equalshares", stdout=out)
    assert out.getvalue().startswith(f"{zurich} (equalshares): ")
