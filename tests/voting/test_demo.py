"""The demo has last year's Baghdati cycle, counted, with a chart on its results page."""

import os

import pytest
from django.core.management import call_command

from voting.models import Ballot, EnvelopeResult, ProjectResult

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))


def test_the_demo_has_a_past_cycle_in_results_with_counted_ballots():
    seed()
    result = EnvelopeResult.objects.get(envelope__cycle__municipality__slug="baghdati")
    # the implementation demo, seeded after ours, may take the cycle on to implementation
    assert result.envelope.cycle.phase in ("results", "implementation")
    assert result.ballots == Ballot.objects.filter(envelope=result.envelope).count() > 0
    assert ProjectResult.objects.filter(result=result, won=True).exists()
    assert result.spent <= result.envelope.budget


def test_seeding_the_voting_demo_twice_changes_nothing():
    seed()
    counts = [M.objects.count() for M in (Ballot, EnvelopeResult, ProjectResult)]
    seed()
    assert [M.objects.count() for M in (Ballot, EnvelopeResult, ProjectResult)] == counts
