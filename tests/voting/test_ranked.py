"""Ranked ballots: a voter ranks up to k projects, points by rank (k, k-1, ..., 1), greedy over
points; online, on paper and on the page, exported as a Pabulib `ordinal` file."""

import pytest
from django.test import Client

from cycles.services import advance
from voting import pabulib, rules
from voting.models import Ballot, Envelope, ProjectResult

from .. import factories as f
from .conftest import BIRTH, BOB_PN, ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(envelope):
    """The envelope as a ranked ballot; k empty: every project may be ranked (k = 3)."""
    Envelope.objects.filter(pk=envelope.pk).update(ballot_kind="ranked")
    envelope.refresh_from_db()
    return envelope


def put(api, user, cycle, envelope, choices):
    return api(user).put(
        f"/api/v1/cycles/{cycle.pk}/my-ballot/",
        {"envelopes": [{"envelope": envelope.pk, "choices": choices}]},
        format="json",
    )


def paper(api, user, cycle, envelope, choices, number=BOB_PN):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
        {
            "personal_number": number,
            "birth_date": str(BIRTH),
            "voting_point": f.officer_point(cycle, user),
            "envelopes": [{"envelope": envelope.pk, "choices": choices}],
        },
        format="json",
    )


def points(ballot):
    return dict(ballot.choices.values_list("project__title", "points"))


def test_a_ranked_ballot_keeps_its_order_and_gives_points_by_rank(
    api, voting, voter, projects, ranked
):
    r = put(api, voter, voting, ranked, ids(projects, "Library", "Road"))
    assert r.status_code == 200, r.json()
    [cast] = r.json()["envelopes"]
    assert cast["choices"] == ids(projects, "Library", "Road")  # the order, not sorted by id
    assert points(Ballot.objects.get()) == {"Library": 3, "Road": 2}
    assert api(voter).get(f"/api/v1/cycles/{voting.pk}/my-ballot/").json()["envelopes"][0][
        "choices"
    ] == ids(projects, "Library", "Road")


def test_k_is_the_envelopes_limit_and_the_first_choice_gets_k_points(
    api, voting, voter, projects, ranked
):
    Envelope.objects.filter(pk=ranked.pk).update(max_choices=2)
    r = put(api, voter, voting, ranked, ids(projects, "Road", "Library", "Playground"))
    assert r.status_code == 400
    [message] = r.json()["error"]["fields"]["envelopes.0.choices"]
    assert message == "You ranked 3 projects; this ballot allows at most 2."
    r = put(api, voter, voting, ranked, ids(projects, "Playground", "Road"))
    assert r.status_code == 200
    assert points(Ballot.objects.get()) == {"Playground": 2, "Road": 1}


def test_ranks_per_project_are_accepted_too(api, voting, voter, projects, ranked):
    road, play, lib = projects
    r = put(api, voter, voting, ranked, {str(play.pk): 2, str(lib.pk): 1})
    assert r.status_code == 200, r.json()
    assert r.json()["envelopes"][0]["choices"] == [lib.pk, play.pk]


@pytest.mark.parametrize(
    "choices, message",
    [
        (lambda p: [p[0].pk, p[1].pk, p[0].pk], "is chosen twice"),
        (lambda p: [p[0].pk, 999999], "999999 is not a project on this ballot."),
        (lambda p: {str(p[0].pk): 1, str(p[1].pk): 1}, "Rank 1 is given to two projects."),
        (lambda p: {str(p[0].pk): 2}, "No project is ranked 1."),
        (lambda p: {str(p[0].pk): "²"}, "must be a whole number, 1 or more"),
        (lambda p: {str(p[0].pk): 10**40}, "must be a whole number, 1 or more"),
        (lambda p: [], "Choose at least one project."),
    ],
)
def test_wrong_rankings_are_400_and_change_nothing(
    api, voting, voter, projects, ranked, choices, message
):
    r = put(api, voter, voting, ranked, choices(projects))
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "invalid"
    assert message in error["fields"]["envelopes.0.choices"][0]
    assert not Ballot.objects.exists()


def test_paper_ballots_take_the_order_and_the_same_rule(api, voting, organizer, projects, ranked):
    r = paper(api, organizer, voting, ranked, ids(projects, "Playground", "Library", "Road"))
    assert r.status_code == 201, r.json()
    assert points(Ballot.objects.get()) == {"Playground": 3, "Library": 2, "Road": 1}
    dup = ids(projects, "Road", "Road")
    r = paper(api, organizer, voting, ranked, dup, number="01001099999")
    assert r.status_code == 400 and "envelopes.0.choices" in r.json()["error"]["fields"]
    assert Ballot.objects.count() == 1


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies.load({"django_language": "en"})
    return client


def test_the_ballot_page_ranks_without_javascript_and_shows_the_order(
    voting, voter, projects, ranked
):
    client = login(voter)
    url = f"/cycles/{voting.pk}/ballot/"
    road, play, lib = projects
    html = client.get(url).content.decode()
    assert f'<select id="e{ranked.pk}_p{road.pk}" name="e{ranked.pk}_p{road.pk}"' in html
    assert '<option value="3">choice no. 3</option>' in html
    assert "Rank up to 3 projects" in html and "gets 3 points" in html
    r = client.post(url, {f"e{ranked.pk}_p{road.pk}": "1", f"e{ranked.pk}_p{lib.pk}": "1"})
    assert r.status_code == 400 and "Rank 1 is given to two projects." in r.content.decode()
    assert not Ballot.objects.exists()
    r = client.post(
        url,
        {
            f"e{ranked.pk}_p{road.pk}": "2",
            f"e{ranked.pk}_p{lib.pk}": "1",
            f"e{ranked.pk}_p{play.pk}": "",
        },
    )
    assert r.status_code == 302
    assert points(Ballot.objects.get()) == {"Library": 3, "Road": 2}
    html = client.get(url).content.decode()
    assert '<ol class="ranking"><li>Library</li><li>Road</li></ol>' in html
    # changing the ballot starts from the ranks given
    assert '<option value="1" selected>' in html and '<option value="2" selected>' in html


def test_the_paper_page_takes_ranks(voting, organizer, projects, ranked):
    road, play, lib = projects
    data = {
        "personal_number": BOB_PN,
        "birth_date": str(BIRTH),
        "voting_point": f.officer_point(voting, organizer),
        f"e{ranked.pk}_p{road.pk}": "1",
        f"e{ranked.pk}_p{play.pk}": "2",
    }
    r = login(organizer).post(f"/cycles/{voting.pk}/paper-ballots/", data)
    assert r.status_code == 302
    assert points(Ballot.objects.get()) == {"Road": 3, "Playground": 2}


def test_results_count_points_and_export_an_ordinal_file(
    api, voting, organizer, projects, ranked, settings
):
    settings.RESULTS_MIN_BALLOTS_PUBLISHED = 1  # three ballots, published here
    # Two voters rank Road, Library, Playground; one ranks only Playground.
    # Points: Road 3+3 = 6, Playground 1+1+3 = 5, Library 2+2 = 4. Greedy over points within
    # 30,000: Road (20,000), then Playground (10,000); Library no longer fits. (Counting voters
    # instead, Playground with 3 would go first, and Library beside it.)
    for n, titles in enumerate(
        [("Road", "Library", "Playground"), ("Road", "Library", "Playground"), ("Playground",)],
        start=1,
    ):
        r = paper(api, organizer, voting, ranked, ids(projects, *titles), number=f"{n:011d}")
        assert r.status_code == 201
    advance(cycle=voting, to="results", by=organizer)
    votes = dict(ProjectResult.objects.values_list("project__title", "votes"))
    assert votes == {"Road": 6, "Playground": 5, "Library": 4}
    won = set(ProjectResult.objects.filter(won=True).values_list("project__title", flat=True))
    assert won == {"Road", "Playground"}
    body = api().get(f"/api/v1/cycles/{voting.pk}/results/").json()
    assert body["envelopes"][0]["ballot_kind"] == "ranked"

    text = api().get(f"/api/v1/cycles/{voting.pk}/results.pb").content.decode()
    road, play, lib = (str(p.pk) for p in projects)
    assert "vote_type;ordinal" in text and "max_length;3" in text
    votes_section = text.split("VOTES")[1].splitlines()
    assert votes_section[1] == "voter_id;vote"
    assert sorted(line.split(";")[1] for line in votes_section[2:]) == sorted(
        [f"{road},{lib},{play}", f"{road},{lib},{play}", play]
    )
    parsed = pabulib.parse(text)
    assert parsed.vote_type == "ordinal"
    assert sorted(rules.tally(parsed.election, parsed.rule).selected) == sorted([road, play])
    assert sorted(parsed.selected) == sorted([road, play])


def test_a_cycle_and_an_envelope_can_be_ranked(api, cycle, organizer):
    r = api(organizer).patch(
        f"/api/v1/cycles/{cycle.pk}/", {"ballot_kind": "ranked"}, format="json"
    )
    assert r.status_code == 200, r.json()
    assert r.json()["ballot_kind"] == "ranked"
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/envelopes/",
        {"budget": "1000.00", "ballot_kind": "ranked", "max_choices": 3},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["rule"].startswith("Rank up to 3 projects")
