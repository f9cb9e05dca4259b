from datetime import timedelta

from django.utils import timezone

from cycles.models import Cycle
from proposals.models import Proposal

from .conftest import attended


def submit(api, user, proposal):
    return api(user).post(f"/api/v1/proposals/{proposal.pk}/submit/")


def test_submit_without_training_when_required_is_refused(api, author, draft):
    res = submit(api, author, draft)
    assert res.status_code == 409
    assert "training" in res.json()["error"]["message"]
    assert "Enroll" in res.json()["error"]["message"]
    assert Proposal.objects.get().status == "draft"


def test_submit_after_a_co_author_attended(api, author, resident, draft):
    draft.idea.co_authors.add(resident)
    attended(resident, draft.cycle)
    res = submit(api, author, draft)
    assert res.status_code == 200, res.json()
    assert res.json()["status"] == "submitted" and res.json()["submitted_at"]


def test_submit_without_training_when_the_cycle_does_not_require_it(api, author, draft):
    Cycle.objects.filter(pk=draft.cycle_id).update(training_required=False)
    assert submit(api, author, draft).status_code == 200


def test_attending_another_cycles_training_does_not_count(api, author, draft, vani):
    from tests import factories as f

    attended(author, f.CycleFactory(municipality=vani, phase="training"))
    assert submit(api, author, draft).status_code == 409


def test_submit_over_the_cost_limit_is_400(api, author, draft):
    attended(author, draft.cycle)
    draft.budget_lines.update(unit_cost="20000.00")  # 3 x 20000 > 50000
    res = submit(api, author, draft)
    assert res.status_code == 400
    message = res.json()["error"]["message"]
    assert "60000.00" in message and "50000.00" in message and "Adjust" in message
    assert "budget_lines" in res.json()["error"]["fields"]


def test_submit_under_the_minimum_cost_is_400(api, author, draft):
    attended(author, draft.cycle)
    draft.budget_lines.update(unit_cost="100.00")
    assert submit(api, author, draft).status_code == 400


def test_submit_after_the_deadline_is_409(api, author, draft, phase):
    attended(author, draft.cycle)
    phase(draft.cycle, "jury_review")
    res = submit(api, author, draft)
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_submit_once_jury_review_start_has_passed_is_409_even_before_the_phase_moves(
    api, author, draft
):
    attended(author, draft.cycle)
    Cycle.objects.filter(pk=draft.cycle_id).update(
        jury_review_starts=timezone.now() - timedelta(minutes=1)
    )
    res = submit(api, author, draft)
    assert res.status_code == 409 and "deadline" in res.json()["error"]["message"]


def test_an_incomplete_proposal_names_what_is_missing(api, author, draft):
    attended(author, draft.cycle)
    Proposal.objects.filter(pk=draft.pk).update(maintenance="", timeline_months=None)
    res = submit(api, author, draft)
    assert res.status_code == 400
    assert {"maintenance", "timeline_months"} <= set(res.json()["error"]["fields"])


def test_a_submitted_proposal_is_locked(api, author, draft):
    attended(author, draft.cycle)
    submit(api, author, draft)
    res = api(author).patch(f"/api/v1/proposals/{draft.pk}/", {"title": "Changed"})
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"
    assert submit(api, author, draft).status_code == 409


def test_only_authors_submit(api, resident, organizer, draft):
    attended(draft.idea.author, draft.cycle)
    assert submit(api, organizer, draft).status_code == 403
    assert submit(api, resident, draft).status_code == 404


def test_status_history_records_who_and_when(api, author, organizer, draft):
    from proposals.models import StatusChange

    attended(author, draft.cycle)
    submit(api, author, draft)
    api(organizer).post(
        f"/api/v1/proposals/{draft.pk}/valuation/", {"feasible": True, "reason": "Fine"}
    )
    history = list(StatusChange.objects.filter(proposal=draft).order_by("at", "id"))
    assert [(h.from_status, h.to_status, h.by) for h in history] == [
        ("draft", "submitted", author),
        ("submitted", "feasible", organizer),
    ]
    body = api().get(f"/api/v1/proposals/{draft.pk}/").json()
    assert [h["to_status"] for h in body["status_history"]] == ["submitted", "feasible"]
