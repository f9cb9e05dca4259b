"""Implementation opens with one funded project per winner; the cycle closes only when all are done."""

from decimal import Decimal

import pytest

from core.errors import Conflict
from cycles.models import Cycle
from cycles.services import advance
from implementation.models import FundedProject
from notifications.models import Notification
from proposals.models import Proposal
from record.models import Entry
from tests import factories as f


def test_opening_implementation_funds_every_winner_and_only_winners(
    results_cycle, winners, organizer, author
):
    loser = f.WonProposalFactory(cycle=results_cycle, author=author, status="lost")

    advance(cycle=results_cycle, to="implementation", by=organizer)

    projects = FundedProject.objects.filter(cycle=results_cycle).order_by("id")
    assert [p.proposal_id for p in projects] == [w.pk for w in winners]
    assert [p.budget for p in projects] == [Decimal("25000.00"), Decimal("12000.00")]
    assert {p.status for p in projects} == {"planned"}
    assert set(
        Proposal.objects.filter(pk__in=[w.pk for w in winners]).values_list("status", flat=True)
    ) == {"in_implementation"}
    assert not FundedProject.objects.filter(proposal=loser).exists()


def test_the_budget_is_the_official_estimate_when_staff_set_one(results_cycle, organizer, author):
    proposal = f.WonProposalFactory(
        cycle=results_cycle,
        author=author,
        total_cost=Decimal("30000.00"),
        cost_estimate=Decimal("27500.00"),
    )
    advance(cycle=results_cycle, to="implementation", by=organizer)
    assert proposal.funded_project.budget == Decimal("27500.00")


def test_funding_is_logged_and_the_author_is_told(results_cycle, winners, organizer, author):
    advance(cycle=results_cycle, to="implementation", by=organizer)

    funded = Entry.objects.filter(cycle=results_cycle, action="project_funded")
    assert funded.count() == 2
    assert Entry.objects.filter(cycle=results_cycle, action="phase_changed").count() == 1
    assert set(
        Notification.objects.filter(
            kind="project_funded", recipient=author, channel="inapp"
        ).values_list("subject", flat=True)
    ) == {f"funded:{p.pk}:created" for p in FundedProject.objects.all()}


def test_the_schedule_opens_implementation_too(results_cycle, winners):
    advance(cycle=results_cycle, to="implementation", by=None)
    assert FundedProject.objects.filter(cycle=results_cycle).count() == 2
    entry = Entry.objects.filter(action="project_funded").first()
    assert entry.role == "system" and entry.actor is None


def test_cycle_cannot_close_while_a_project_is_unfinished(project, organizer, api):
    res = api(organizer).post(f"/api/v1/cycles/{project.cycle_id}/advance/", {"to": "closed"})
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "conflict"
    assert "1 funded project" in res.json()["error"]["message"]
    assert Cycle.objects.get(pk=project.cycle_id).phase == "implementation"


@pytest.mark.parametrize("final", ["completed", "cancelled"])
def test_cycle_closes_once_every_project_is_completed_or_cancelled(project, organizer, final):
    f.FundedProjectFactory(
        proposal=f.WonProposalFactory(cycle=project.cycle, status="completed"), status="completed"
    )
    FundedProject.objects.filter(pk=project.pk).update(status=final)
    advance(cycle=project.cycle, to="closed", by=organizer)
    assert Cycle.objects.get(pk=project.cycle_id).phase == "closed"


def test_the_guard_raises_conflict_naming_how_many_are_open(project):
    from implementation.services import guard_all_done

    with pytest.raises(Conflict) as err:
        guard_all_done(project.cycle)
    assert err.value.status == 409


def test_a_cycle_without_funded_projects_may_close(cycle, phase, organizer):
    phase(cycle, "implementation")
    advance(cycle=cycle, to="closed", by=organizer)
    assert Cycle.objects.get(pk=cycle.pk).phase == "closed"
