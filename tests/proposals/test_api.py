from decimal import Decimal

from proposals.models import Proposal, StatusChange
from tests import factories as f

from .conftest import LINES, LINES_TOTAL


def create(api, user, idea, **extra):
    return api(user).post("/api/v1/proposals/", {"idea": idea.pk, **extra})


def test_author_starts_a_proposal_with_the_total_computed_server_side(api, author, eligible_idea):
    res = create(api, author, eligible_idea, budget_lines=LINES, total_cost="1.00")
    assert res.status_code == 201, res.json()
    body = res.json()
    assert body["total_cost"] == LINES_TOTAL  # the client's "1.00" is ignored
    assert body["status"] == "draft" and body["title"] == "Lights"
    assert [line["amount"] for line in body["budget_lines"]][0] == "10200.00"
    assert Proposal.objects.get().total_cost == Decimal(LINES_TOTAL)
    assert body["authors"] == [{"id": author.pk, "name": "Bob"}]


def test_patch_replaces_budget_lines_and_ignores_a_sent_total(api, author, draft):
    res = api(author).patch(
        f"/api/v1/proposals/{draft.pk}/",
        {"budget_lines": LINES[:2], "total_cost": "99999.00", "problem": "Dark road"},
    )
    assert res.status_code == 200, res.json()
    assert res.json()["total_cost"] == "12000.00"
    assert len(res.json()["budget_lines"]) == 2 and res.json()["problem"] == "Dark road"
    res = api(author).patch(f"/api/v1/proposals/{draft.pk}/", {"summary": "Only text"})
    assert res.json()["total_cost"] == "12000.00"  # lines untouched when not sent


def test_a_bad_budget_line_says_which_line(api, author, draft):
    lines = [LINES[0], {"item": "", "quantity": "-1", "unit_cost": "x"}]
    res = api(author).patch(f"/api/v1/proposals/{draft.pk}/", {"budget_lines": lines})
    assert res.status_code == 400
    fields = res.json()["error"]["fields"]
    assert {"budget_lines.1.item", "budget_lines.1.quantity", "budget_lines.1.unit_cost"} <= set(
        fields
    )


def test_only_authors_of_eligible_ideas_start_proposals(
    api, resident, author, eligible_idea, training_cycle
):
    assert create(api, resident, eligible_idea).status_code == 403
    pending = f.IdeaFactory(cycle=training_cycle, author=author, status="submitted")
    res = create(api, author, pending)
    assert res.status_code == 409 and "eligible" in res.json()["error"]["message"]


def test_a_co_author_may_start_and_edit(api, resident, eligible_idea):
    eligible_idea.co_authors.add(resident)
    assert create(api, resident, eligible_idea).status_code == 201


def test_one_proposal_per_idea(api, author, draft):
    res = create(api, author, draft.idea)
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"


def test_writing_outside_trainings_is_409(api, author, eligible_idea, phase):
    phase(eligible_idea.cycle, "idea_submission")
    res = create(api, author, eligible_idea)
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_drafts_are_private_to_authors_and_organizers(
    api, author, resident, organizer, vani_organizer, draft
):
    url = f"/api/v1/proposals/{draft.pk}/"
    assert api(author).get(url).status_code == 200
    assert api(organizer).get(url).status_code == 200
    assert api(organizer).get(url).json()["authors"][0]["name"] == "Bob"
    assert api(resident).get(url).status_code == 404
    assert api(vani_organizer).get(url).status_code == 404
    assert api().get(url).status_code == 404
    assert api().get("/api/v1/proposals/").json()["count"] == 0
    assert api(author).get("/api/v1/proposals/", {"mine": "true"}).json()["count"] == 1


def test_submitted_proposals_are_public_without_author_names(api, resident, draft):
    Proposal.objects.filter(pk=draft.pk).update(status="submitted")
    body = api(resident).get(f"/api/v1/proposals/{draft.pk}/").json()
    assert body["title"] == draft.title and body["authors"] is None


def test_others_cannot_edit(api, resident, organizer, draft):
    assert api(resident).patch(f"/api/v1/proposals/{draft.pk}/", {"title": "x"}).status_code == 404
    res = api(organizer).patch(f"/api/v1/proposals/{draft.pk}/", {"title": "x"})
    assert res.status_code == 403


def test_proposal_list_runs_in_constant_queries(
    api, organizer, training_cycle, django_assert_max_num_queries
):
    for _ in range(6):
        p = f.DraftProposalFactory(cycle=training_cycle)
        f.BudgetLineFactory(proposal=p)
        StatusChange.objects.create(proposal=p, to_status="draft")
    client = api(organizer)
    with django_assert_max_num_queries(10):
        body = client.get("/api/v1/proposals/", {"cycle": training_cycle.pk}).json()
    assert body["count"] == 6


def test_filters_by_status(api, organizer, draft, training_cycle):
    other = f.DraftProposalFactory(cycle=training_cycle)
    Proposal.objects.filter(pk=other.pk).update(status="submitted")
    body = api(organizer).get("/api/v1/proposals/", {"status": "submitted"}).json()
    assert [p["id"] for p in body["results"]] == [other.pk]
