"""A ballot is the cheapest write in the system: one cast in a handful of database round trips
(issue 18; bench/ballots.py measures the rest)."""

import pytest

from voting import services
from voting.models import Ballot, VoterKey

from .. import factories as f
from .conftest import BIRTH, BOB_PN, ids

pytestmark = pytest.mark.django_db

# the JWT's user, the cycle, the voter key (who may vote, asked before the body is read), BEGIN,
# the voter's row lock with their ballots, the ballots, their choices, whether the voter has a
# phone for push, the receipt's outbox rows, the voter key's `voted` flag (a first cast only:
# turnout counts people without reading ballots, which name no voter), COMMIT (savepoints stand
# for BEGIN and COMMIT inside the test's transaction). Was 20. Issue 18's goal is 6:
# bench/README.md says what is left.
MAX_QUERIES = 11


def test_a_cast_takes_eleven_queries_and_answers_from_what_it_wrote(
    api, voting, voter, projects, envelope, django_assert_max_num_queries
):
    url = f"/api/v1/cycles/{voting.pk}/my-ballot/"
    body = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Library")}]}
    # Bob votes first: a worker keeps the frozen ballot (envelopes, projects) while voting is open
    bob = f.UserFactory(municipality=voting.municipality, phone_verified=True)
    services.voter_verify(cycle=voting, user=bob, personal_number=BOB_PN, birth_date=BIRTH)
    assert api(bob).put(url, body, format="json").status_code == 200
    client = api(voter)
    with django_assert_max_num_queries(MAX_QUERIES):
        r = client.put(url, body, format="json")
    assert r.status_code == 200, r.json()
    key = VoterKey.objects.get(cycle=voting, user=voter)
    ballot = Ballot.objects.get(voter_tag=key.tag, envelope=envelope)
    assert r.json()["envelopes"] == [
        {
            "envelope": envelope.pk,
            "choices": sorted(ids(projects, "Road", "Library")),
            "receipt": ballot.receipt,
            "channel": "online",
            "voting_point": "",
            "updated_at": r.json()["envelopes"][0]["updated_at"],
        }
    ]
