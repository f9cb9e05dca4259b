"""Each proposal write path through the real API, before, in and after its phase, per role.

The expected statuses are written out by hand from the rules as a person would state them:
authors write and submit their proposal during the trainings phase only; organizers of the
municipality assess proposals during trainings and the jury review. Anyone not allowed learns
it (401, 403, or 404 for a draft they cannot see) before the phase (409) or the body (400).
"""

import pytest

from proposals.models import Proposal, StatusChange
from tests import factories as f

from .conftest import LINES, attended

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "resident", "organizer", "vani_organizer"]


@pytest.fixture
def people(author, resident, organizer, vani_organizer):
    return {
        "anonymous": None,
        "author": author,
        "resident": resident,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }


def cases(table):
    """{phase: [status per ROLES]} -> (phase, role, status) parameters."""
    return [
        pytest.param(phase, role, status, id=f"{phase}-{role}")
        for phase, statuses in table.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ]


@pytest.fixture
def idea(cycle, author):
    return f.IdeaFactory(cycle=cycle, author=author, status="eligible", title="Lights")


@pytest.fixture
def draft(idea):
    """A complete draft of 3 x 5000 GEL whose author attended a training."""
    proposal = f.DraftProposalFactory(cycle=idea.cycle, idea=idea)
    for _ in range(3):
        f.BudgetLineFactory(proposal=proposal)
    proposal.total_cost = proposal.compute_total()
    proposal.save()
    attended(idea.author, idea.cycle)
    return proposal


# --- starting a proposal: POST proposals/ (write_proposal) ---

START = {
    #                 anonymous author resident organizer vani_organizer
    "idea_submission": [401, 409, 403, 403, 403],
    "training": [401, 201, 403, 403, 403],
    "jury_review": [401, 409, 403, 403, 403],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(START))
def test_starting_a_proposal(api, phase, people, idea, phase_name, role, expected):
    phase(idea.cycle, phase_name)
    body = {"idea": idea.pk, "problem": "Dark road", "budget_lines": LINES}
    res = api(people[role]).post("/api/v1/proposals/", body, format="json")
    assert res.status_code == expected, res.content
    assert Proposal.objects.filter(idea=idea).exists() == (expected == 201)


# --- editing the draft: PATCH proposals/{id}/ (write_proposal) ---

EDIT = {
    #                 anonymous author resident organizer vani_organizer
    "idea_submission": [401, 409, 404, 403, 404],
    "training": [401, 200, 404, 403, 404],
    "jury_review": [401, 409, 404, 403, 404],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(EDIT))
def test_editing_the_draft(api, phase, people, draft, phase_name, role, expected):
    phase(draft.cycle, phase_name)
    res = api(people[role]).patch(f"/api/v1/proposals/{draft.pk}/", {"problem": "Changed"})
    assert res.status_code == expected, res.content
    draft.refresh_from_db()
    assert (draft.problem == "Changed") == (expected == 200)


# --- submitting: POST proposals/{id}/submit/ (submit_proposal) ---

SUBMIT = {
    #                 anonymous author resident organizer vani_organizer
    "idea_submission": [401, 409, 404, 403, 404],
    "training": [401, 200, 404, 403, 404],
    "jury_review": [401, 409, 404, 403, 404],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(SUBMIT))
def test_submitting(api, phase, people, draft, phase_name, role, expected):
    phase(draft.cycle, phase_name)
    res = api(people[role]).post(f"/api/v1/proposals/{draft.pk}/submit/")
    assert res.status_code == expected, res.content
    draft.refresh_from_db()
    assert draft.status == ("submitted" if expected == 200 else "draft")


# --- assessing: POST proposals/{id}/valuation/ (value_proposal) ---

VALUE = {
    #                 anonymous author resident organizer vani_organizer
    "idea_submission": [401, 403, 403, 409, 403],
    "training": [401, 403, 403, 200, 403],
    "jury_review": [401, 403, 403, 200, 403],
    "voting": [401, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(VALUE))
def test_assessing(api, phase, people, draft, phase_name, role, expected):
    Proposal.objects.filter(pk=draft.pk).update(status="submitted")
    phase(draft.cycle, phase_name)
    body = {"feasible": True, "reason": "The roads department agrees."}
    res = api(people[role]).post(f"/api/v1/proposals/{draft.pk}/valuation/", body)
    assert res.status_code == expected, res.content
    draft.refresh_from_db()
    assert draft.status == ("feasible" if expected == 200 else "submitted")
    assert StatusChange.objects.filter(proposal=draft).exists() == (expected == 200)


# --- who is refused before the body is read ---


@pytest.mark.parametrize(
    "method, path",
    [
        ("patch", "/api/v1/proposals/{id}/"),
        ("post", "/api/v1/proposals/{id}/submit/"),
        ("post", "/api/v1/proposals/{id}/valuation/"),
        ("post", "/api/v1/proposals/{id}/attachments/"),
    ],
)
def test_an_empty_body_from_someone_not_allowed_is_401_or_403_never_400(
    api, phase, draft, resident, organizer, method, path
):
    phase(draft.cycle, "training")
    Proposal.objects.filter(pk=draft.pk).update(status="submitted")  # public: all may see it
    url = path.format(id=draft.pk)
    assert getattr(api(), method)(url, {}).status_code == 401
    someone = organizer if "valuation" not in path else resident  # not an author / organizer
    res = getattr(api(someone), method)(url, {})
    assert res.status_code == 403 and res.json()["error"]["code"] == "forbidden"


def test_an_empty_body_from_an_author_out_of_phase_is_409_not_400(api, phase, draft, author):
    phase(draft.cycle, "jury_review")
    res = api(author).patch(f"/api/v1/proposals/{draft.pk}/", {"timeline_months": "many"})
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"
    res = api(author).post(f"/api/v1/proposals/{draft.pk}/attachments/", {}, format="multipart")
    assert res.status_code == 409


def test_a_new_proposal_for_someone_elses_idea_is_403_whatever_the_body(api, phase, idea, resident):
    phase(idea.cycle, "training")
    body = {"idea": idea.pk, "timeline_months": "many", "budget_lines": "x"}
    res = api(resident).post("/api/v1/proposals/", body, format="json")
    assert res.status_code == 403
    assert "Only the authors" in res.json()["error"]["message"]
