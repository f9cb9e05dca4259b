"""My participation: one page and `GET me/participation/`, in a bounded number of queries."""

from decimal import Decimal

import pytest

from cycles.phases import Phase
from implementation.models import Follow
from voting import services as voting
from voting.models import Envelope

from .. import factories as f
from ..conftest import set_phase

ALICE_PN = "01001012345"


@pytest.fixture
def alice_everywhere(terjola, resident):
    """Alice sent ideas, wrote a proposal, enrolled in a training, voted and follows a project."""
    ideas_cycle = f.CycleFactory(municipality=terjola, phase=Phase.IDEA_SUBMISSION)
    idea = f.IdeaFactory(cycle=ideas_cycle, author=resident, title="Street lights")
    training = f.CycleFactory(municipality=terjola, phase=Phase.TRAINING)
    draft = f.DraftProposalFactory(cycle=training, idea__author=resident, title="Lights plan")
    session = f.TrainingSessionFactory(cycle=training, title_en="Writing a budget")
    session.enrollments.create(user=resident, status="enrolled")
    vote = f.CycleFactory(municipality=terjola, phase=Phase.JURY_REVIEW)
    envelope = Envelope.objects.create(cycle=vote, budget=Decimal("30000.00"))
    project = f.BallotProjectFactory(envelope=envelope, title="Playground")
    set_phase(vote, Phase.VOTING)
    voting.voter_verify(
        cycle=vote, user=resident, personal_number=ALICE_PN, birth_date=resident.birth_date
    )
    ballots = voting.ballot_cast(
        cycle=vote, user=resident, envelopes=[{"envelope": envelope.pk, "choices": [project.pk]}]
    )
    funded = f.FundedProjectFactory(cycle=f.CycleFactory(municipality=terjola))
    Follow.objects.create(project=funded, user=resident)
    return {
        "idea": idea,
        "draft": draft,
        "session": session,
        "vote": vote,
        "receipt": ballots[0].receipt,
        "project": project,
        "funded": funded,
    }


def test_the_api_lists_everything_i_took_part_in(api, resident, alice_everywhere):
    data = api(resident).get("/api/v1/me/participation/").json()
    assert set(data) == {"ideas", "proposals", "trainings", "ballots", "following"}
    w = alice_everywhere
    titles = {i["title"] for i in data["ideas"]}
    assert "Street lights" in titles
    mine = next(i for i in data["ideas"] if i["id"] == w["idea"].pk)
    assert mine["status"] == "submitted" and mine["url"] == f"/ideas/{w['idea'].pk}/"
    assert [p["title"] for p in data["proposals"]] == ["Lights plan"]
    assert data["proposals"][0]["status_label"] == "Draft"
    assert [t["title"] for t in data["trainings"]] == ["Writing a budget"]
    assert data["trainings"][0]["status"] == "enrolled"
    vote = next(b for b in data["ballots"] if b["cycle"]["id"] == w["vote"].pk)
    assert vote["voted"] is True
    assert [r["receipt"] for r in vote["receipts"]] == [w["receipt"]]
    assert vote["receipts"][0]["check_url"] == f"/receipts/?code={w['receipt']}"
    assert [p["id"] for p in data["following"]] == [w["funded"].pk]


def test_a_ballot_shows_its_receipt_never_its_choices(api, resident, alice_everywhere):
    text = api(resident).get("/api/v1/me/participation/").content.decode()
    # the project's title and id are what a choice would show
    assert "Playground" not in text and "choices" not in text
    assert f'"project": {alice_everywhere["project"].pk}' not in text


def test_a_cycle_i_did_not_vote_in_says_so(api, resident, terjola):
    f.CycleFactory(municipality=terjola, phase=Phase.VOTING)
    ballots = api(resident).get("/api/v1/me/participation/").json()["ballots"]
    assert [b["voted"] for b in ballots] == [False]


def test_someone_else_sees_nothing_of_mine(api, outsider, alice_everywhere):
    data = api(outsider).get("/api/v1/me/participation/").json()
    assert data == {"ideas": [], "proposals": [], "trainings": [], "ballots": [], "following": []}


def test_it_needs_an_account(api):
    assert api().get("/api/v1/me/participation/").status_code == 401


def _more_of_everything(terjola, resident, n):
    cycle = f.CycleFactory(municipality=terjola, phase=Phase.TRAINING)
    for _ in range(n):
        f.IdeaFactory(cycle=cycle, author=resident)
        f.DraftProposalFactory(cycle=cycle, idea__author=resident)
        f.TrainingSessionFactory(cycle=cycle).enrollments.create(user=resident, status="enrolled")
        project = f.FundedProjectFactory(cycle=f.CycleFactory(municipality=terjola))
        Follow.objects.create(project=project, user=resident)


def test_the_number_of_queries_does_not_grow_with_the_items(
    api, resident, terjola, alice_everywhere, django_assert_max_num_queries
):
    client = api(resident)
    _more_of_everything(terjola, resident, 2)
    with django_assert_max_num_queries(9):
        assert client.get("/api/v1/me/participation/").status_code == 200
    _more_of_everything(terjola, resident, 8)
    with django_assert_max_num_queries(9):
        data = client.get("/api/v1/me/participation/").json()
    assert len(data["following"]) == 11 and len(data["trainings"]) == 11


def test_the_page_shows_the_same_with_a_check_my_receipt_link(
    client, resident, alice_everywhere, django_assert_max_num_queries
):
    client.force_login(resident)
    with django_assert_max_num_queries(14):
        html = client.get("/participation/").content.decode()
    assert "My participation" in html and "Street lights" in html and "Lights plan" in html
    assert "Writing a budget" in html and "you voted" in html
    assert f'href="/receipts/?code={alice_everywhere["receipt"]}"' in html
    assert "check my receipt" in html
    assert f"/funded/{alice_everywhere['funded'].pk}/" in html
