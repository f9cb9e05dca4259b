import pytest

from tests import factories as f
from trainings.models import Enrollment


@pytest.fixture
def training_cycle(cycle, phase):
    """Terjola's cycle, in the trainings phase (training is required by default)."""
    return phase(cycle, "training")


@pytest.fixture
def eligible_idea(training_cycle, author):
    return f.IdeaFactory(cycle=training_cycle, author=author, status="eligible", title="Lights")


@pytest.fixture
def draft(eligible_idea):
    """A complete draft of 3 x 5000 GEL = 15000 GEL."""
    proposal = f.DraftProposalFactory(cycle=eligible_idea.cycle, idea=eligible_idea)
    for _ in range(3):
        f.BudgetLineFactory(proposal=proposal)
    proposal.total_cost = proposal.compute_total()
    proposal.save()
    return proposal


def attended(user, cycle):
    """Mark `user` as having attended a session of `cycle`."""
    session = f.TrainingSessionFactory(cycle=cycle)
    return Enrollment.objects.create(session=session, user=user, status="enrolled", attended=True)


LINES = [
    {"item": "Street lights", "quantity": "12", "unit": "pcs", "unit_cost": "850.00"},
    {"item": "Cable", "quantity": "400", "unit": "m", "unit_cost": "4.50"},
    {"item": "Poles", "quantity": "12", "unit": "pcs", "unit_cost": "300.00"},
    {"item": "Installation", "quantity": "6", "unit": "days", "unit_cost": "350.00"},
    {"item": "Supervision", "quantity": "1", "unit": "month", "unit_cost": "700.00"},
]
LINES_TOTAL = "18400.00"  # 10200 + 1800 + 3600 + 2100 + 700
