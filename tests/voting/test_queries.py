"""Lists read in a constant number of queries, however many projects and ballots there are."""

from decimal import Decimal

import pytest

from cycles.services import advance
from voting import services
from voting.models import Envelope

from .. import factories as f
from .conftest import BIRTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_ballot(voting, terjola):
    for community in [terjola.communities.first(), f.CommunityFactory(municipality=terjola)]:
        envelope = Envelope.objects.create(
            cycle=voting, community=community, budget=Decimal("9000")
        )
        for _ in range(10):
            f.BallotProjectFactory(envelope=envelope, cost=Decimal("1000.00"))
    return voting


def test_the_ballot_reads_in_a_few_queries(api, big_ballot, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        r = api().get(f"/api/v1/cycles/{big_ballot.pk}/ballot/")
    assert r.status_code == 200
    assert sum(len(e["projects"]) for e in r.json()["envelopes"]) == 23


def test_results_read_in_a_few_queries(
    api, big_ballot, organizer, envelope, projects, django_assert_max_num_queries
):
    for n in range(5):
        services.paper_ballot_enter(
            cycle=big_ballot,
            by=organizer,
            personal_number=f"{n:011d}",
            birth_date=BIRTH,
            voting_point=f.officer_point(big_ballot, organizer, "x"),
            envelopes=[{"envelope": envelope.pk, "choices": [projects[n % 3].pk]}],
        )
    advance(cycle=big_ballot, to="results", by=organizer)
    with django_assert_max_num_queries(6):
        r = api().get(f"/api/v1/cycles/{big_ballot.pk}/results/")
    assert r.status_code == 200
    assert len(r.json()["envelopes"]) == 3
