"""Each write path of the ideas competition, through the real API, before, in and after its
phase, for each kind of caller. The expected answers are written out by hand: they are what the
rules of the competition say, not what the phase table happens to contain.

Terjola's cycle; the author and the resident live in Terjola, the outsider in Vani; the organizer
organizes Terjola (and, living there, is a resident too), the Vani organizer only Vani.
"""

import pytest

from ideas.models import Idea
from tests import factories as f

ROLES = ["anonymous", "author", "resident", "outsider", "organizer", "vani_organizer"]


@pytest.fixture
def people(author, resident, outsider, organizer, vani_organizer):
    return {
        "anonymous": None,
        "author": author,
        "resident": resident,
        "outsider": outsider,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }


def cases(table):
    """{phase: [status per ROLES]} -> pytest parameters (phase, role, status)."""
    return [
        pytest.param(phase, role, status, id=f"{phase}-{role}-{status}")
        for phase, statuses in table.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ]


# --- submit: residents of the municipality, during the ideas competition ---

SUBMIT = {
    # anonymous, author, resident, outsider, organizer, vani_organizer
    "draft": [401, 409, 409, 403, 409, 403],
    "idea_submission": [401, 201, 201, 403, 201, 403],
    "training": [401, 409, 409, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(SUBMIT))
def test_submit(api, people, cycle, phase, valid, when, role, expected):
    phase(cycle, when)
    res = api(people[role]).post("/api/v1/ideas/", valid)
    assert res.status_code == expected, res.content
    assert Idea.objects.filter(title=valid["title"]).exists() == (expected == 201)


# --- edit and withdraw: the idea's author, while the competition is open ---

EDIT = {
    "draft": [401, 409, 403, 403, 403, 403],
    "idea_submission": [401, 200, 403, 403, 403, 403],
    "training": [401, 409, 403, 403, 403, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(EDIT))
def test_edit(api, people, idea, phase, when, role, expected):
    phase(idea.cycle, when)
    res = api(people[role]).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Brighter Chkhari"})
    assert res.status_code == expected, res.content
    idea.refresh_from_db()
    assert (idea.title == "Brighter Chkhari") == (expected == 200)


WITHDRAW = {
    "draft": [401, 409, 403, 403, 403, 403],
    "idea_submission": [401, 204, 403, 403, 403, 403],
    "training": [401, 409, 403, 403, 403, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(WITHDRAW))
def test_withdraw(api, people, idea, phase, when, role, expected):
    phase(idea.cycle, when)
    res = api(people[role]).delete(f"/api/v1/ideas/{idea.pk}/")
    assert res.status_code == expected, res.content
    idea.refresh_from_db()
    assert idea.status == ("withdrawn" if expected == 204 else "submitted")


# the organizers fix typos in the paper forms they typed in, in the same phase as authors
EDIT_PAPER = {
    "draft": [401, 403, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 403, 200, 403],
    "training": [401, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(EDIT_PAPER))
def test_edit_a_paper_idea(api, people, cycle, categories, phase, when, role, expected):
    paper = f.IdeaFactory(
        cycle=cycle,
        author=None,
        channel="paper",
        category=categories[0],
        paper_author_name="Lamara",
        paper_author_phone="+995599000101",
    )
    phase(cycle, when)
    res = api(people[role]).patch(f"/api/v1/ideas/{paper.pk}/", {"title": "Street lights"})
    assert res.status_code == expected, res.content
    paper.refresh_from_db()
    assert (paper.title == "Street lights") == (expected == 200)


# --- paper forms: the municipality's organizers, during the ideas competition ---

PAPER = {
    "draft": [401, 403, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 403, 201, 403],
    "training": [401, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(PAPER))
def test_enter_a_paper_idea(api, people, cycle, phase, valid, when, role, expected):
    phase(cycle, when)
    body = {**valid, "author_name": "Lamara", "author_phone": "599000101"}
    res = api(people[role]).post("/api/v1/ideas/paper/", body)
    assert res.status_code == expected, res.content
    assert Idea.objects.filter(channel="paper").exists() == (expected == 201)


# --- screening and merging: the municipality's organizers, in the competition and trainings ---

SCREEN = {
    "draft": [401, 403, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 403, 200, 403],
    "training": [401, 403, 403, 403, 200, 403],
    "jury_review": [401, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(SCREEN))
def test_screen(api, people, idea, phase, when, role, expected):
    phase(idea.cycle, when)
    res = api(people[role]).post(f"/api/v1/ideas/{idea.pk}/screen/", {"decision": "eligible"})
    assert res.status_code == expected, res.content
    idea.refresh_from_db()
    assert idea.status == ("eligible" if expected == 200 else "submitted")


MERGE = {
    "draft": [401, 403, 403, 403, 409, 403],
    "idea_submission": [401, 403, 403, 403, 200, 403],
    "training": [401, 403, 403, 403, 200, 403],
    "jury_review": [401, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("when, role, expected", cases(MERGE))
def test_merge(api, people, idea, resident, categories, phase, when, role, expected):
    into = f.IdeaFactory(cycle=idea.cycle, author=resident, category=categories[0])
    phase(idea.cycle, when)
    res = api(people[role]).post(f"/api/v1/ideas/{idea.pk}/merge/", {"into": into.pk})
    assert res.status_code == expected, res.content
    idea.refresh_from_db()
    assert idea.status == ("merged" if expected == 200 else "submitted")
