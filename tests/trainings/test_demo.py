import os

from django.core.management import call_command

from proposals.models import BudgetLine, Proposal
from trainings.models import Enrollment, TrainingSession


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))


def counts():
    return [M.objects.count() for M in (TrainingSession, Enrollment, Proposal, BudgetLine)]


def test_demo_has_terjola_sessions_one_nearly_full_and_seeding_twice_changes_nothing(db):
    seed()
    before = counts()
    seed()
    assert counts() == before
    sessions = list(
        TrainingSession.objects.filter(cycle__municipality__slug="terjola").with_seats()
    )
    assert sorted(s.seats_left for s in sessions)[0] == 1
    for proposal in Proposal.objects.filter(cycle__municipality__slug="terjola"):
        assert proposal.budget_lines.exists()
        assert proposal.total_cost == proposal.compute_total()
