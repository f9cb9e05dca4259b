"""Each implementation write path, called through the real API in every phase, by every kind of
caller.

The tables are written by hand from what implementation means (not read from the phase table):
organizers of Terjola fund winners and change their plans once results are out and while the
works go on; they post progress only during implementation; any signed-in person may follow a
project from the results on, and stop following at any time. Each body is valid, so an allowed
caller gets a 2xx; each call runs in a savepoint that is rolled back.
"""

import pytest
from django.db import transaction

from implementation.models import Follow, FundedProject, Update

from .. import factories as f
from ..conftest import set_phase

pytestmark = pytest.mark.django_db

PHASES = [
    "draft",
    "idea_submission",
    "training",
    "jury_review",
    "voting",
    "results",
    "implementation",
    "closed",
]
ROLES = ["anonymous", "resident", "outsider", "organizer", "vani_organizer"]


@pytest.fixture
def world(cycle, author, resident, outsider, organizer, vani_organizer):
    """Terjola's cycle with a funded project and a won proposal not funded yet."""
    project = f.FundedProjectFactory(
        proposal=f.WonProposalFactory(cycle=cycle, author=author, status="in_implementation")
    )
    waiting = f.WonProposalFactory(cycle=cycle, author=author, title="Tsipa playground")
    people = {
        "anonymous": None,
        "resident": resident,
        "outsider": outsider,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }
    return cycle, project, waiting, people


def statuses(api, world, phase, call):
    """The status each role gets for `call(client)` with the cycle in `phase`, each rolled back."""
    cycle, _project, _waiting, people = world
    set_phase(cycle, phase)
    out = []
    for role in ROLES:
        with transaction.atomic():
            out.append(call(api(people[role])).status_code)
            transaction.set_rollback(True)
    return out


# --- funding a winner and changing its plan: organizers, from results through implementation ---

FUND = {
    "draft": [401, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 409, 403],
    "training": [401, 403, 403, 409, 403],
    "jury_review": [401, 403, 403, 409, 403],
    "voting": [401, 403, 403, 409, 403],
    "results": [401, 403, 403, 201, 403],
    "implementation": [401, 403, 403, 201, 403],
    "closed": [401, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase", PHASES)
def test_funding_a_won_proposal_in_each_phase(api, world, phase):
    cycle, _project, waiting, _people = world
    body = {"proposal": waiting.pk, "department": "Education department"}
    url = f"/api/v1/cycles/{cycle.pk}/funded/"
    assert statuses(api, world, phase, lambda c: c.post(url, body)) == FUND[phase]


@pytest.mark.parametrize("phase", PHASES)
def test_changing_the_plan_in_each_phase(api, world, phase):
    _cycle, project, _waiting, _people = world
    body = {"budget": "21000.00", "reason": "Tender result"}
    got = statuses(api, world, phase, lambda c: c.patch(f"/api/v1/funded/{project.pk}/", body))
    assert got == [200 if s == 201 else s for s in FUND[phase]]


# --- progress updates: organizers, during implementation only ---

UPDATE = {
    "draft": [401, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 409, 403],
    "training": [401, 403, 403, 409, 403],
    "jury_review": [401, 403, 403, 409, 403],
    "voting": [401, 403, 403, 409, 403],
    "results": [401, 403, 403, 409, 403],
    "implementation": [401, 403, 403, 201, 403],
    "closed": [401, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase", PHASES)
def test_posting_an_update_in_each_phase(api, world, phase):
    _cycle, project, _waiting, _people = world
    body = {"status": "in_progress", "spent": "2500.00", "text_en": "The roof is being laid."}
    url = f"/api/v1/funded/{project.pk}/updates/"
    assert statuses(api, world, phase, lambda c: c.post(url, body)) == UPDATE[phase]


# --- following: anyone signed in, from results on; stopping: anyone signed in, always ---

FOLLOW = {
    "draft": [401, 409, 409, 409, 409],
    "idea_submission": [401, 409, 409, 409, 409],
    "training": [401, 409, 409, 409, 409],
    "jury_review": [401, 409, 409, 409, 409],
    "voting": [401, 409, 409, 409, 409],
    "results": [401, 200, 200, 200, 200],
    "implementation": [401, 200, 200, 200, 200],
    "closed": [401, 409, 409, 409, 409],
}


@pytest.mark.parametrize("phase", PHASES)
def test_following_in_each_phase(api, world, phase):
    _cycle, project, _waiting, _people = world
    url = f"/api/v1/funded/{project.pk}/follow/"
    assert statuses(api, world, phase, lambda c: c.post(url)) == FOLLOW[phase]


@pytest.mark.parametrize("phase", PHASES)
def test_unfollowing_in_each_phase(api, world, phase):
    _cycle, project, _waiting, people = world
    for role in ("resident", "outsider"):
        Follow.objects.create(project=project, user=people[role])
    url = f"/api/v1/funded/{project.pk}/follow/"
    assert statuses(api, world, phase, lambda c: c.delete(url)) == [401, 200, 200, 200, 200]


def test_refused_calls_change_nothing(api, world):
    """A refusal is not a failure half-way: no project, update or follow was written."""
    cycle, project, waiting, people = world
    set_phase(cycle, "closed")
    api(people["organizer"]).post(f"/api/v1/cycles/{cycle.pk}/funded/", {"proposal": waiting.pk})
    api(people["resident"]).post(f"/api/v1/funded/{project.pk}/follow/")
    api(people["resident"]).post(f"/api/v1/funded/{project.pk}/updates/", {})
    assert FundedProject.objects.count() == 1
    assert not Update.objects.exists() and not Follow.objects.exists()
