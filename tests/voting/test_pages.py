"""The voting pages work without JavaScript: plain forms, the same services as the API."""

import re

import pytest
from django.test import Client

from cycles.services import advance
from voting.models import Ballot, Envelope, VoterKey

from .. import factories as f
from ..conftest import set_phase
from .conftest import ALICE_PN, BIRTH, BOB_PN

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies.load({"django_language": "en"})
    return client


def page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, r.content[:500]
    html = r.content.decode()
    assert len(r.content) < 60_000
    assert html.count("<h1") == 1
    return html


def test_verification_page_verifies_and_never_echoes_the_number(voting, resident):
    client = login(resident)
    url = f"/cycles/{voting.pk}/voter-verification/"
    assert 'name="personal_number"' in page(client, url)
    r = client.post(url, {"personal_number": "123", "birth_date": str(BIRTH)})
    assert r.status_code == 400 and "11" in r.content.decode()
    r = client.post(url, {"personal_number": ALICE_PN, "birth_date": str(BIRTH)})
    assert r.status_code == 302
    assert VoterKey.objects.filter(user=resident).exists()
    assert ALICE_PN not in client.get(url).content.decode()


def test_the_ballot_page_is_a_plain_form_with_a_running_total_script(
    voting, voter, projects, envelope
):
    client = login(voter)
    html = page(client, f"/cycles/{voting.pk}/ballot/")
    assert f'type="checkbox" id="e{envelope.pk}_{projects[0].pk}" name="e{envelope.pk}"' in html
    assert 'data-budget="30000.00"' in html and "data-total" in html
    # the running total, as a progressive enhancement from a static file (no inline script: CSP)
    assert "js/knapsack.js" in html and "<script>" not in html


def test_casting_and_changing_on_the_page(voting, voter, projects, envelope):
    client = login(voter)
    url = f"/cycles/{voting.pk}/ballot/"
    road, play, lib = projects
    r = client.post(url, {f"e{envelope.pk}": [road.pk, play.pk, lib.pk]})
    assert r.status_code == 400
    assert "more than the budget" in r.content.decode()
    assert not Ballot.objects.exists()
    r = client.post(url, {f"e{envelope.pk}": [road.pk, lib.pk]})
    assert r.status_code == 302
    first = Ballot.objects.get().receipt
    html = client.get(url).content.decode()
    assert first in html and "Change my ballot" in html
    client.post(url, {f"e{envelope.pk}": [play.pk]})
    ballot = Ballot.objects.get()
    assert ballot.receipt != first
    assert list(ballot.choices.values_list("project_id", flat=True)) == [play.pk]


def test_a_cumulative_ballot_page_uses_number_inputs(voting, voter, projects, envelope):
    Envelope.objects.filter(pk=envelope.pk).update(ballot_kind="cumulative", points=5)
    client = login(voter)
    url = f"/cycles/{voting.pk}/ballot/"
    html = page(client, url)
    assert f'type="number" min="0" max="5" step="1" id="e{envelope.pk}_p{projects[0].pk}"' in html
    r = client.post(
        url, {f"e{envelope.pk}_p{projects[0].pk}": "3", f"e{envelope.pk}_p{projects[1].pk}": "2"}
    )
    assert r.status_code == 302
    assert sorted(Ballot.objects.get().choices.values_list("points", flat=True)) == [2, 3]


def test_anyone_reads_the_ballot_without_counts(voting, projects):
    html = page(Client(HTTP_ACCEPT_LANGUAGE="en"), f"/cycles/{voting.pk}/ballot/")
    assert "Road" in html and "Log in" in html


def test_the_receipt_page_says_only_counted_or_not(client, voting, voter, projects, envelope):
    login(voter).post(f"/cycles/{voting.pk}/ballot/", {f"e{envelope.pk}": [projects[2].pk]})
    code = Ballot.objects.get().receipt
    html = page(client, f"/receipts/?code={code}")
    assert "is counted" in html and "Library" not in html
    assert "No ballot with this receipt code" in page(client, "/receipts/?code=NOPE")


def test_the_paper_ballot_page_for_a_points_officer(
    voting, officer, school, town_hall_officer, town_hall, resident, projects, envelope
):
    client = login(officer)
    url = f"/cycles/{voting.pk}/paper-ballots/"
    html = page(client, f"{url}?point={school.pk}")
    assert 'name="voting_point"' in html and "Chkhari school" in html
    assert "Terjola town hall" not in html  # not their point: not offered
    data = {
        "personal_number": BOB_PN,
        "birth_date": str(BIRTH),
        "voting_point": school.pk,
        f"e{envelope.pk}": [projects[0].pk],
    }
    r = client.post(url, data, follow=True)
    assert "receipt code" in r.content.decode()
    r = login(town_hall_officer).post(url, {**data, "voting_point": town_hall.pk})
    assert r.status_code == 409
    assert "Chkhari school" in r.content.decode()
    assert client.post(url, {**data, "voting_point": town_hall.pk}).status_code == 400
    assert page(login(resident), url, status=403)


def test_the_paper_correction_page_needs_a_reason(
    voting, officer, school, organizer, projects, envelope
):
    base = {"personal_number": BOB_PN, "birth_date": str(BIRTH), "voting_point": school.pk}
    login(officer).post(
        f"/cycles/{voting.pk}/paper-ballots/", {**base, f"e{envelope.pk}": [projects[0].pk]}
    )
    client = login(organizer)  # an organizer corrects at any point
    url = f"/cycles/{voting.pk}/paper-ballots/correct/"
    r = client.post(url, {**base, f"e{envelope.pk}": [projects[2].pk]})
    assert r.status_code == 400
    r = client.post(url, {**base, "reason": "wrong box", f"e{envelope.pk}": [projects[2].pk]})
    assert r.status_code == 302
    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == [
        projects[2].pk
    ]


def test_the_envelopes_page_adds_edits_and_removes(cycle, organizer, resident):
    client = login(organizer)
    url = f"/cycles/{cycle.pk}/envelopes/"
    page(client, url)
    r = client.post(
        url, {"budget": "50000.00", "ballot_kind": "approval", "max_choices": "3", "points": "10"}
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    envelope = Envelope.objects.get()
    r = client.post(
        f"{url}{envelope.pk}/", {"budget": "60000.00", "ballot_kind": "knapsack", "points": "10"}
    )
    assert r.status_code == 302
    envelope.refresh_from_db()
    assert envelope.budget == 60000 and envelope.ballot_kind == "knapsack"
    r = client.post(
        url,
        {
            "budget": "90000.00",
            "ballot_kind": "knapsack",
            "points": "10",
            "community": cycle.municipality.communities.first().pk,
        },
    )
    assert r.status_code == 400 and "more than the cycle" in r.content.decode()
    client.post(f"{url}{envelope.pk}/delete/")
    assert not Envelope.objects.exists()
    page(login(resident), url, status=403)


def test_the_turnout_page_for_organizers(voting, organizer, voter, projects, envelope):
    login(voter).post(f"/cycles/{voting.pk}/ballot/", {f"e{envelope.pk}": [projects[2].pk]})
    html = page(login(organizer), f"/cycles/{voting.pk}/turnout/")
    assert "Turnout" in html and "Library" not in html


def test_the_cycle_page_links_the_voting_pages(voting, voter):
    html = login(voter).get(f"/cycles/{voting.pk}/").content.decode()
    assert f"/cycles/{voting.pk}/ballot/" in html


def test_the_done_when_story(voting, organizer, resident, author, projects, envelope):
    """A verified resident votes and changes the ballot, staff enter a second resident's paper
    ballot, that person's online attempt is refused, results open with a chart."""
    alice = login(resident)
    alice.post(
        f"/cycles/{voting.pk}/voter-verification/",
        {"personal_number": ALICE_PN, "birth_date": str(BIRTH)},
    )
    road, play, lib = projects
    assert (
        alice.post(f"/cycles/{voting.pk}/ballot/", {f"e{envelope.pk}": [road.pk]}).status_code
        == 302
    )
    assert (
        alice.post(
            f"/cycles/{voting.pk}/ballot/", {f"e{envelope.pk}": [road.pk, play.pk]}
        ).status_code
        == 302
    )

    staff = login(organizer)
    point = f.open_point(voting, "Chkhari school", organizer)
    r = staff.post(
        f"/cycles/{voting.pk}/paper-ballots/",
        {
            "personal_number": BOB_PN,
            "birth_date": str(BIRTH),
            "voting_point": point.pk,
            f"e{envelope.pk}": [lib.pk, play.pk],
        },
    )
    assert r.status_code == 302
    bob = login(author)
    bob.post(
        f"/cycles/{voting.pk}/voter-verification/",
        {"personal_number": BOB_PN, "birth_date": str(BIRTH)},
    )
    r = bob.post(f"/cycles/{voting.pk}/ballot/", {f"e{envelope.pk}": [road.pk]})
    assert r.status_code == 409 and "paper" in r.content.decode()

    advance(cycle=voting, to="results", by=organizer)
    html = page(Client(HTTP_ACCEPT_LANGUAGE="en"), f"/cycles/{voting.pk}/results/")
    assert "<svg" in html and "<title" in html and "<desc" in html and "<table" in html
    assert re.search(r"<rect[^>]+class=\"part\"", html)
    assert "Playground" in html
    page(staff, f"/cycles/{voting.pk}/results/compare/")


def test_results_page_before_results_says_not_yet(client, voting):
    r = client.get(f"/cycles/{voting.pk}/results/")
    assert r.status_code == 409


def test_the_demo_results_page_has_a_chart(client):
    import os

    from django.core.management import call_command

    call_command("seed_demo", stdout=open(os.devnull, "w"))
    from cycles.models import Cycle

    past = Cycle.objects.get(municipality__slug="baghdati", envelopes__result__isnull=False)
    html = page(client, f"/cycles/{past.pk}/results/")
    assert "<svg" in html and 'class="part"' in html


def test_compare_is_for_organizers(voting, resident, organizer):
    set_phase(voting, "results")
    page(login(resident), f"/cycles/{voting.pk}/results/compare/", status=403)
    assert f.UserFactory  # personas come from the shared factories
