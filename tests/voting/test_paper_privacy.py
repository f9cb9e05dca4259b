"""A paper voter stays private: someone who knows their personal number (it is not secret in
Georgia) cannot take their voter key over with another birth date, and even the person
themselves, verified online afterwards, sees only where and when they voted on paper."""

import datetime

import pytest

from voting.models import VoterKey

from .. import factories as f
from .conftest import BIRTH, BOB_PN, ids
from .test_paper import paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def mallory(terjola):
    """A resident with a verified phone and an adult birth date, who knows Bob's number."""
    return f.UserFactory(
        name="Mallory",
        municipality=terjola,
        community=terjola.communities.first(),
        birth_date=datetime.date(1970, 1, 1),
    )


@pytest.fixture
def bob_on_paper(api, voting, organizer, projects, envelope):
    point = f.officer_point(voting, organizer)
    r = paper(api, organizer, voting, envelope, ids(projects, "Road"), point, number=BOB_PN)
    assert r.status_code == 201
    return r.json()["ballots"][0]["receipt"]


def verify(api, user, cycle, number, birth):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/voter-verification/",
        {"personal_number": number, "birth_date": birth.isoformat()},
        format="json",
    )


def test_a_paper_ballot_keeps_the_birth_date_hash_with_the_key(voting, bob_on_paper):
    key = VoterKey.objects.get()
    assert len(key.birth_hash) == 64 and BIRTH.isoformat() not in key.birth_hash
    assert key.user is None


def test_someone_with_the_number_and_another_birth_date_cannot_take_the_key_over(
    api, voting, mallory, bob_on_paper
):
    r = verify(api, mallory, voting, BOB_PN, mallory.birth_date)
    assert r.status_code == 409 and "contact the municipality" in r.json()["error"]["message"]
    assert VoterKey.objects.get().user is None
    mine = api(mallory).get(f"/api/v1/cycles/{voting.pk}/my-ballot/").json()
    assert mine["envelopes"] == [] and mine["voted_on_paper"] is None
    assert bob_on_paper not in str(mine)


def test_the_paper_voter_online_sees_where_and_when_never_the_choices_or_receipt(
    api, voting, author, bob_on_paper, projects, envelope, client
):
    r = verify(api, author, voting, BOB_PN, BIRTH)  # Bob, with his own birth date
    assert r.status_code == 200, r.content
    body = api(author).get(f"/api/v1/cycles/{voting.pk}/my-ballot/").json()
    assert body["verified"] is True
    assert body["envelopes"] == []
    assert body["voted_on_paper"]["voting_point"] == "Chkhari school"
    assert body["voted_on_paper"]["on"] == datetime.date.today().isoformat()
    assert bob_on_paper not in str(body)
    # he cannot vote again online either
    r = api(author).put(
        f"/api/v1/cycles/{voting.pk}/my-ballot/",
        {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Library")}]},
        format="json",
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_voted"
    # and the page says the same, without the choice or the receipt
    client.force_login(author)
    page = client.get(f"/cycles/{voting.pk}/ballot/").content.decode()
    assert "You voted on paper at Chkhari school" in page
    assert bob_on_paper not in page
    assert "Change my ballot" not in page and "Cast my ballot" not in page


def test_staff_cannot_enter_a_verified_persons_number_with_another_birth_date(
    api, voting, organizer, resident, projects, envelope
):
    from .conftest import ALICE_PN

    assert verify(api, resident, voting, ALICE_PN, BIRTH).status_code == 200
    r = api(organizer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/",
        {
            "personal_number": ALICE_PN,
            "birth_date": "1970-01-01",
            "voting_point": f.officer_point(voting, organizer),
            "envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road")}],
        },
        format="json",
    )
    assert r.status_code == 400 and "birth_date" in r.json()["error"]["fields"]
