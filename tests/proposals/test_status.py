"""A proposal's status moves only along its table, once, with its history; the admin writes
nothing behind the services' back."""

import pytest
from django.test import Client

from core.errors import Conflict
from proposals.models import Proposal, StatusChange
from proposals.services import proposal_set_status
from tests import factories as f
from tests.races import race

pytestmark = pytest.mark.django_db


def at(proposal, status):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize(
    "old, new",
    [
        ("draft", "submitted"),
        ("submitted", "feasible"),
        ("submitted", "not_feasible"),
        ("not_feasible", "feasible"),
        ("feasible", "shortlisted"),
        ("feasible", "not_shortlisted"),
        ("shortlisted", "won"),
        ("shortlisted", "lost"),
        ("won", "in_implementation"),
        ("in_implementation", "completed"),
    ],
)
def test_a_move_the_table_allows_is_made_and_kept_in_the_history(draft, organizer, old, new):
    at(draft, old)
    proposal_set_status(proposal=draft, status=new, by=organizer, reason="step")
    assert Proposal.objects.get(pk=draft.pk).status == new
    change = StatusChange.objects.get(proposal=draft)
    assert (change.from_status, change.to_status, change.by, change.reason) == (
        old,
        new,
        organizer,
        "step",
    )


@pytest.mark.parametrize(
    "old, new",
    [
        ("draft", "feasible"),  # not assessed before it was submitted
        ("submitted", "draft"),  # a submitted proposal is locked
        ("submitted", "shortlisted"),  # the jury reviews only feasible ones
        ("not_feasible", "shortlisted"),
        ("shortlisted", "feasible"),  # the shortlist is final
        ("not_shortlisted", "won"),
        ("lost", "won"),  # the vote is final
        ("won", "won"),
        ("completed", "in_implementation"),
    ],
)
def test_a_move_the_table_does_not_allow_is_409_and_writes_nothing(draft, organizer, old, new):
    at(draft, old)
    with pytest.raises(Conflict):
        proposal_set_status(proposal=draft, status=new, by=organizer)
    assert Proposal.objects.get(pk=draft.pk).status == old
    assert not StatusChange.objects.filter(proposal=draft).exists()


def test_a_move_from_a_status_someone_else_already_left_is_409(draft, organizer):
    stale = at(draft, "submitted")
    Proposal.objects.filter(pk=draft.pk).update(status="not_feasible")  # another tab was faster
    with pytest.raises(Conflict):
        proposal_set_status(proposal=stale, status="feasible", by=organizer)
    assert Proposal.objects.get(pk=draft.pk).status == "not_feasible"
    assert not StatusChange.objects.exists()


def test_revising_the_official_cost_keeps_the_verdict_and_its_history(api, organizer, draft):
    at(draft, "submitted")
    url = f"/api/v1/proposals/{draft.pk}/valuation/"
    api(organizer).post(url, {"feasible": True, "reason": "Fine", "cost_estimate": "14000.00"})
    res = api(organizer).post(url, {"feasible": True, "reason": "Fine", "cost_estimate": "16000"})
    assert res.status_code == 200 and res.json()["final_cost"] == "16000.00"
    assert [h["to_status"] for h in res.json()["status_history"]] == ["feasible"]
    res = api(organizer).post(url, {"feasible": False, "reason": "Private land after all"})
    assert res.json()["status"] == "not_feasible"


def test_a_shortlisted_proposal_is_no_longer_assessed(api, organizer, draft, phase):
    at(draft, "shortlisted")
    phase(draft.cycle, "jury_review")
    res = api(organizer).post(
        f"/api/v1/proposals/{draft.pk}/valuation/", {"feasible": False, "reason": "x"}
    )
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"
    assert Proposal.objects.get(pk=draft.pk).status == "shortlisted"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organizers_assessing_at_once_move_the_status_once(terjola):
    organizers = [f.OrganizerFactory(municipality=terjola) for _ in range(2)]
    proposal = f.DraftProposalFactory(cycle__municipality=terjola, status="submitted")
    # both read "submitted" before either writes
    stale = [Proposal.objects.get(pk=proposal.pk) for _ in range(2)]

    def assess(mine, by, status):
        def press():
            proposal_set_status(proposal=mine, status=status, by=by)
            return status

        return press

    outcomes = race(
        assess(stale[0], organizers[0], "feasible"),
        assess(stale[1], organizers[1], "not_feasible"),
        expected=Conflict,
    )
    assert outcomes.refusals == ["conflict"] and len(outcomes.results) == 1
    winner = outcomes.results[0]
    assert Proposal.objects.get(pk=proposal.pk).status == winner
    assert list(StatusChange.objects.values_list("to_status", flat=True)) == [winner]


def test_the_admin_shows_a_proposal_but_changes_nothing(draft, terjola):
    staff = f.UserFactory(municipality=terjola, is_staff=True, is_superuser=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    url = f"/admin/proposals/proposal/{draft.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and draft.title in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    res = client.post(url, {"title": "Renamed", "cost_estimate": "1.00", "status": "won"})
    assert res.status_code == 403
    draft.refresh_from_db()
    assert draft.title != "Renamed" and draft.status == "draft" and draft.cost_estimate is None
    assert client.get("/admin/proposals/proposal/add/").status_code == 403
