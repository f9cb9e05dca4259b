"""The demo shows funded winners with photos and money spent, a notified follower, and a record."""

import os

import pytest
from django.core.management import call_command

from cycles import demo as cycles_demo
from implementation import demo
from implementation.models import Follow, FundedProject, Photo, Update
from notifications.models import Notification
from record.models import Entry


def counts():
    return [M.objects.count() for M in (FundedProject, Update, Photo, Follow, Entry)]


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))


@pytest.mark.django_db
def test_the_demo_winners_show_progress_with_photos_and_money_and_seeding_twice_changes_nothing():
    seed()
    before = counts()
    seed()
    assert counts() == before

    project = FundedProject.objects.order_by("id").first()
    cycle = project.cycle
    assert cycle.phase == "implementation"
    assert project.spent > 0 and project.status == "in_progress"
    assert Photo.objects.filter(update__project=project).count() >= 2

    follower = Follow.objects.get(project=project).user
    assert (
        Notification.objects.filter(
            kind="project_updated", recipient=follower, channel="inapp"
        ).count()
        == project.updates.count()
    )

    actions = list(Entry.objects.filter(cycle=cycle, public=True).values_list("action", flat=True))
    assert "phase_changed" in actions and actions[-1] == "project_updated"
    assert "project_funded" in actions


@pytest.mark.django_db
def test_without_the_voting_demo_it_builds_its_own_past_cycle():
    from accounts import demo as accounts_demo

    state = {"log": []}
    cycles_demo.seed(state)
    accounts_demo.seed(state)
    demo.seed(state)
    cycle = state["implementation_cycle"]
    assert cycle.municipality.slug == "khoni" and cycle.phase == "implementation"
    funded = FundedProject.objects.filter(cycle=cycle)
    assert funded.exists()
    assert all(Update.objects.filter(project=p).exists() for p in funded)
