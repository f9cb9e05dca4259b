"""Every rule of the engine is selectable per cycle and per envelope; the results say it in
words and the comparison page shows the outcome under all of them."""

from decimal import Decimal

import pytest
from django.test import Client

from cycles.models import Cycle
from cycles.services import advance
from voting import services
from voting.models import Envelope, EnvelopeResult, ProjectResult

from .. import factories as f
from ..conftest import set_phase
from .conftest import BIRTH, ids

pytestmark = pytest.mark.django_db

# Five voters on paper, budget 30,000: Road 20,000, Library 5,000, Playground 10,000, Bench 2,000.
VOTERS = [
    ("Road", "Library"),
    ("Road", "Library"),
    ("Road", "Bench"),
    ("Playground", "Library"),
    ("Playground",),
]
# Votes: Road 3, Library 3, Playground 2, Bench 1; worked out by hand:
# - greedy: Library (3, the cheaper of the two on 3), Road (25,000 so far); Playground does not
#   fit, Bench does: Library, Road, Bench.
# - greedy-no-skip: Library, Road, and stops at Playground.
# - greedy-threshold 2: Bench (1 vote) is out: Library, Road.
# - equalshares/add1: 6,000 per voter. Library costs its three supporters 1/3 per unit, the
#   least, and goes first; then Playground (D pays her last 4,333.33, E 5,666.67), then Bench
#   (C alone). Road needs A, B and C to hold 20,000; they hold 3b - 3,333.33, which reaches
#   it only at b = 7,778, and there Library, Road and Playground cost 35,000: add1 keeps
#   Library, Playground, Bench.
# - equalshares/add1-comparison: A, B, C get two of their projects under greedy against one
#   under equal shares; D and E prefer equal shares: three against two, greedy wins.
EXPECTED = {
    "greedy": {"Library", "Road", "Bench"},
    "greedy-no-skip": {"Library", "Road"},
    "greedy-threshold": {"Library", "Road"},
    "equalshares/add1": {"Library", "Playground", "Bench"},
    "equalshares/add1-comparison": {"Library", "Road", "Bench"},
}
WORDS = {
    "greedy": "Greedy by votes within the budget",
    "greedy-no-skip": "Greedy by votes, stopping at the first project that does not fit",
    "greedy-threshold": "Greedy by votes, among projects with at least the threshold of votes "
    "(at least 2 votes)",
    "equalshares/add1": "Method of Equal Shares (with completion)",
    "equalshares/add1-comparison": "Method of Equal Shares (with completion), or greedy if "
    "more voters prefer it",
}


@pytest.fixture
def four(projects, envelope):
    return [*projects, f.BallotProjectFactory(envelope=envelope, title="Bench", cost=2000)]


@pytest.fixture
def cast(voting, organizer, four, envelope):
    point = f.officer_point(voting, organizer)
    for n, titles in enumerate(VOTERS, start=1):
        services.paper_ballot_enter(
            cycle=voting,
            by=organizer,
            personal_number=f"{n:011d}",
            birth_date=BIRTH,
            voting_point=point,
            envelopes=[{"envelope": envelope.pk, "choices": ids(four, *titles)}],
        )


def won(envelope) -> set:
    rows = ProjectResult.objects.filter(result__envelope=envelope, won=True)
    return set(rows.values_list("project__title", flat=True))


def page(user, url) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies.load({"django_language": "en"})
    r = client.get(url)
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_every_rule_is_selectable_on_the_cycle_and_counts_as_worked_out(
    api, voting, organizer, envelope, cast, rule
):
    data = {"tally_rule": rule, "tally_threshold": 2}
    set_phase(voting, "jury_review")  # the rules are frozen once voting opens: set them before
    r = api(organizer).patch(f"/api/v1/cycles/{voting.pk}/", data, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["tally_rule"] == rule and r.json()["tally_threshold"] == 2
    set_phase(voting, "voting")
    advance(cycle=voting, to="results", by=organizer)
    assert won(envelope) == EXPECTED[rule]
    body = api().get(f"/api/v1/cycles/{voting.pk}/results/").json()
    [result] = body["envelopes"]
    assert result["rule"] == rule and result["rule_text"] == WORDS[rule]
    assert result["threshold"] == (2 if rule == "greedy-threshold" else None)
    html = page(organizer, f"/cycles/{voting.pk}/results/")
    assert WORDS[rule] in html
    text = api().get(f"/api/v1/cycles/{voting.pk}/results.pb").content.decode()
    assert f"rule;{rule}\r\n" in text
    assert ("min_project_score_threshold;2" in text) == (rule == "greedy-threshold")


def test_an_envelope_counts_with_its_own_rule(api, voting, organizer, envelope, cast):
    r = api(organizer).patch(
        f"/api/v1/envelopes/{envelope.pk}/", {"tally_rule": "greedy-no-skip"}, format="json"
    )
    # envelopes are frozen once voting opens: set before, as an organizer would
    assert r.status_code == 409
    Envelope.objects.filter(pk=envelope.pk).update(tally_rule="greedy-no-skip")
    advance(cycle=voting, to="results", by=organizer)
    assert voting.tally_rule == "greedy"
    assert EnvelopeResult.objects.get().rule == "greedy-no-skip"
    assert won(envelope) == EXPECTED["greedy-no-skip"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"tally_rule": "greedy-threshold"}, "tally_threshold"),
        ({"tally_rule": "greedy-threshold", "tally_threshold": 0}, "tally_threshold"),
        ({"tally_rule": "greedy-threshold", "tally_threshold": "abc"}, "tally_threshold"),
        ({"tally_rule": "greedy-threshold", "tally_threshold": 10**12}, "tally_threshold"),
        ({"tally_rule": "greedy-threshold", "tally_threshold": -3}, "tally_threshold"),
        ({"tally_rule": "borda"}, "tally_rule"),
        ({"tally_rule": "equalshares/add1 "}, "tally_rule"),
    ],
)
def test_a_rule_needs_what_it_takes(api, cycle, organizer, data, field):
    r = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", data, format="json")
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid" and field in r.json()["error"]["fields"]
    assert Cycle.objects.get(pk=cycle.pk).tally_rule == "greedy"
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/envelopes/", {"budget": "100.00", **data}, format="json"
    )
    assert r.status_code == 400 and field in r.json()["error"]["fields"]
    assert not Envelope.objects.exists()


def test_a_resident_cannot_change_the_rule(api, cycle, resident):
    r = api(resident).patch(
        f"/api/v1/cycles/{cycle.pk}/", {"tally_rule": "greedy-threshold"}, format="json"
    )
    assert r.status_code == 403


def test_an_envelope_may_take_greedy_with_its_threshold(api, cycle, organizer):
    data = {"budget": "100.00", "tally_rule": "greedy-threshold", "tally_threshold": 5}
    r = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/envelopes/", data, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["tally_rule"] == "greedy-threshold" and r.json()["tally_threshold"] == 5


def test_the_comparison_page_shows_every_rule(voting, organizer, envelope, cast):
    Cycle.objects.filter(pk=voting.pk).update(tally_threshold=2)
    advance(cycle=voting, to="results", by=organizer)
    html = page(organizer, f"/cycles/{voting.pk}/results/compare/")
    for words in WORDS.values():
        assert words in html
    assert "(used)" in html
    # the totals of every rule's outcome, in the order of the columns
    totals = html.split("Total cost")[1].split("</tr>")[0]
    costs = [Decimal(cell.split(" ₾")[0].replace(",", "")) for cell in totals.split("<td>")[1:]]
    assert costs == [27000, 25000, 25000, 17000, 27000]


def test_the_admin_form_offers_every_rule_and_checks_the_threshold(terjola, cycle):
    from tests.cycles.test_admin import change_form

    staff = f.UserFactory(municipality=terjola, is_staff=True, is_superuser=True)
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    html = page(staff, url)
    for rule in EXPECTED:
        assert f'value="{rule}"' in html
    assert 'name="tally_threshold"' in html
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    r = client.post(url, change_form(staff, cycle, tally_rule="greedy-threshold"), follow=True)
    assert "needs the threshold" in r.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).tally_rule == "greedy"
    data = change_form(staff, cycle, tally_rule="greedy-threshold", tally_threshold=3)
    assert client.post(url, data).status_code == 302
    saved = Cycle.objects.get(pk=cycle.pk)
    assert (saved.tally_rule, saved.tally_threshold) == ("greedy-threshold", 3)


def test_the_envelopes_page_sets_an_envelopes_rule(cycle, organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    client.cookies.load({"django_language": "en"})
    url = f"/cycles/{cycle.pk}/envelopes/"
    html = client.get(url).content.decode()
    assert 'name="tally_rule"' in html and 'name="tally_threshold"' in html
    data = {"budget": "1000.00", "ballot_kind": "approval", "points": "10"}
    r = client.post(url, {**data, "tally_rule": "greedy-threshold"})
    assert r.status_code == 400 and "needs the threshold" in r.content.decode()
    assert not Envelope.objects.exists()
    r = client.post(url, {**data, "tally_rule": "greedy-threshold", "tally_threshold": "4"})
    assert r.status_code == 302
    envelope = Envelope.objects.get()
    assert (envelope.tally_rule, envelope.tally_threshold) == ("greedy-threshold", 4)
    html = client.get(url).content.decode()
    assert "Greedy by votes, among projects with at least the threshold of votes (4)" in html
