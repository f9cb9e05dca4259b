"""Races settled by the database: real threads against PostgreSQL."""

from decimal import Decimal

import pytest

from ideas import services
from ideas.models import Idea
from tests import factories as f
from tests.races import race_n


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_cannot_overshoot_the_per_author_limit(cycle, categories, resident):
    cycle.ideas_per_author = 2
    cycle.save()
    data = {"title": "Lights", "summary": "s", "category": categories[0]}
    data["estimated_cost"] = Decimal("5000.00")
    outcomes = race_n(
        6, lambda i: services.idea_submit(author=resident, cycle=cycle, data=dict(data)).pk
    )
    assert Idea.objects.filter(author=resident).count() == 2
    assert len(outcomes.results) == 2 and outcomes.refusals == ["conflict"] * 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_crossing_merges_leave_one_idea_standing(cycle, categories, organizer, author, resident):
    a = f.IdeaFactory(cycle=cycle, author=author, category=categories[0])
    b = f.IdeaFactory(cycle=cycle, author=resident, category=categories[0])
    pairs = [(a, b), (b, a)] * 3
    race_n(
        len(pairs),
        lambda i: services.idea_merge(idea=pairs[i][0], into=pairs[i][1], by=organizer).pk,
    )
    statuses = sorted(Idea.objects.values_list("status", flat=True))
    assert statuses == ["merged", "submitted"]
