"""Voting personas: Terjola's cycle with a ballot of three projects, and a verified voter."""

import datetime
from decimal import Decimal

import pytest

from cycles.phases import Phase
from voting import services
from voting.models import Envelope

from .. import factories as f
from ..conftest import set_phase

ALICE_PN = "01001012345"
BOB_PN = "01001054321"
BIRTH = datetime.date(1985, 3, 14)


@pytest.fixture
def envelope(cycle):
    """Terjola's municipality-wide envelope: 30,000 GEL, knapsack."""
    return Envelope.objects.create(cycle=cycle, budget=Decimal("30000.00"), ballot_kind="knapsack")


@pytest.fixture
def projects(envelope):
    """Three projects: a 20,000 road, a 10,000 playground, a 5,000 library."""
    return [
        f.BallotProjectFactory(envelope=envelope, title=title, cost=Decimal(cost))
        for title, cost in (
            ("Road", "20000.00"),
            ("Playground", "10000.00"),
            ("Library", "5000.00"),
        )
    ]


@pytest.fixture
def voting(cycle, projects):
    """The cycle in `voting` with its ballot frozen."""
    return set_phase(cycle, Phase.VOTING)


@pytest.fixture
def voter(voting, resident):
    """Alice, verified for the vote."""
    services.voter_verify(cycle=voting, user=resident, personal_number=ALICE_PN, birth_date=BIRTH)
    return resident


def ids(projects, *titles):
    by_title = {p.title: p.pk for p in projects}
    return [by_title[t] for t in titles]


@pytest.fixture
def officer(terjola):
    """Irakli, the officer of Chkhari school's voting point (not an organizer)."""
    return f.UserFactory(name="Irakli", email="irakli@example.ge", municipality=terjola)


@pytest.fixture
def school(voting, officer):
    """Chkhari school's voting point, open, with Irakli as its officer."""
    return f.open_point(voting, "Chkhari school", officer)


@pytest.fixture
def town_hall_officer(terjola):
    return f.UserFactory(name="Tamar", email="tamar@example.ge", municipality=terjola)


@pytest.fixture
def town_hall(voting, town_hall_officer):
    """Terjola town hall's voting point, open, with Tamar as its officer."""
    return f.open_point(voting, "Terjola town hall", town_hall_officer)
