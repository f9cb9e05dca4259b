import pytest

from tests import factories as f


@pytest.fixture
def training_cycle(cycle, phase):
    """Terjola's cycle, in the trainings phase."""
    return phase(cycle, "training")


@pytest.fixture
def eligible_idea(training_cycle, author):
    return f.IdeaFactory(cycle=training_cycle, author=author, status="eligible")


@pytest.fixture
def session(training_cycle):
    return f.TrainingSessionFactory(cycle=training_cycle, capacity=2)


def eligible_people(cycle, n):
    """n residents, each the author of an eligible idea of `cycle`."""
    people = []
    for _ in range(n):
        person = f.UserFactory(municipality=cycle.municipality)
        f.IdeaFactory(cycle=cycle, author=person, status="eligible")
        people.append(person)
    return people
