from decimal import Decimal

from notifications.models import Notification
from proposals.models import Proposal
from record.models import Entry


def submitted(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    proposal.refresh_from_db()
    return proposal


def value(api, user, proposal, **body):
    return api(user).post(f"/api/v1/proposals/{proposal.pk}/valuation/", body)


def test_organizer_marks_a_proposal_feasible_with_an_official_cost(api, organizer, author, draft):
    submitted(draft)
    res = value(
        api, organizer, draft, feasible=True, reason="Roads dept. agrees", cost_estimate="16500.00"
    )
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["status"] == "feasible" and body["cost_estimate"] == "16500.00"
    assert body["final_cost"] == "16500.00" and body["valuation_reason"] == "Roads dept. agrees"
    note = Notification.objects.get(recipient=author, kind="proposal_valued", channel="inapp")
    assert note.context["verdict"]["en"] == "feasible"
    entry = Entry.objects.get(action="proposal_valued")
    assert entry.reason == "Roads dept. agrees" and entry.public
    assert entry.data["cost_estimate"] == "16500.00"


def test_not_feasible_needs_a_public_reason(api, organizer, draft):
    submitted(draft)
    res = value(api, organizer, draft, feasible=False, reason="  ")
    assert res.status_code == 400 and "reason" in res.json()["error"]["fields"]
    res = value(api, organizer, draft, feasible=False, reason="Private land")
    assert res.json()["status"] == "not_feasible"
    assert Proposal.objects.get().final_cost == Decimal("15000.00")


def test_only_organizers_of_the_municipality_value(api, vani_organizer, author, resident, draft):
    submitted(draft)
    assert value(api, author, draft, feasible=True, reason="x").status_code == 403
    res = value(api, vani_organizer, draft, feasible=True, reason="x")
    assert res.status_code in (403, 404)
    assert Proposal.objects.get().status == "submitted"


def test_drafts_are_not_valued(api, organizer, draft):
    res = value(api, organizer, draft, feasible=True, reason="x")
    assert res.status_code == 409


def test_negative_official_cost_is_400(api, organizer, draft):
    submitted(draft)
    res = value(api, organizer, draft, feasible=True, reason="x", cost_estimate="-5")
    assert res.status_code == 400
