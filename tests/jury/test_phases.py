"""Each jury write path through the real API, before, in and after its phase, per role.

The expected statuses are written out by hand: organizers of the municipality set up the jury
until the review ends and publish the shortlist during the review; each juror scores and
declares conflicts on their own assignments during the review; the chair or an organizer
reopens a submitted sheet during the review. Anyone not allowed learns it (401, 403) before
the phase (409) or the body (400).
"""

import pytest

from jury.models import Assignment, Criterion, Juror, Score, Shortlist
from tests import factories as f

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "juror", "chair", "organizer", "vani_organizer"]


def cases(table):
    """{phase: [status per ROLES]} -> (phase, role, status) parameters."""
    return [
        pytest.param(phase, role, status, id=f"{phase}-{role}")
        for phase, statuses in table.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ]


@pytest.fixture
def chair(terjola):
    return f.UserFactory(name="Jury Karlo", email="karlo@example.ge", municipality=terjola)


@pytest.fixture
def people(resident, juror, chair, organizer, vani_organizer):
    return {
        "anonymous": None,
        "resident": resident,
        "juror": juror,
        "chair": chair,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }


@pytest.fixture
def jury(cycle, author, juror, chair):
    """One feasible proposal (Bob's), one criterion, Juliet and Karlo (the chair) assigned."""
    proposal = f.FeasibleProposalFactory(cycle=cycle, idea__author=author, title="Playground")
    criterion = Criterion.objects.create(cycle=cycle, name_ka="საჭიროება", name_en="Need")
    seat = f.JurorFactory(cycle=cycle, user=juror)
    chair_seat = f.JurorFactory(cycle=cycle, user=chair, is_chair=True)
    mine = Assignment.objects.create(juror=seat, proposal=proposal)
    Assignment.objects.create(juror=chair_seat, proposal=proposal)
    return {"cycle": cycle, "proposal": proposal, "criterion": criterion, "mine": mine}


# --- setting up the jury: POST cycles/{id}/jurors/ and criteria/ (manage_jury) ---

MANAGE = {
    #             anonymous resident juror chair organizer vani_organizer
    "training": [401, 403, 403, 403, 201, 403],
    "jury_review": [401, 403, 403, 403, 201, 403],
    "voting": [401, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(MANAGE))
def test_seating_a_juror(api, phase, people, jury, terjola, phase_name, role, expected):
    cycle = phase(jury["cycle"], phase_name)
    newcomer = f.UserFactory(municipality=terjola)
    res = api(people[role]).post(f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": newcomer.pk})
    assert res.status_code == expected, res.content
    assert Juror.objects.filter(cycle=cycle, user=newcomer).exists() == (expected == 201)


@pytest.mark.parametrize("phase_name, role, expected", cases(MANAGE))
def test_adding_a_criterion(api, phase, people, jury, phase_name, role, expected):
    cycle = phase(jury["cycle"], phase_name)
    body = {"name": "ხარისხი", "name_en": "Quality", "weight": "2", "max_score": 5}
    res = api(people[role]).post(f"/api/v1/cycles/{cycle.pk}/criteria/", body)
    assert res.status_code == expected, res.content
    assert Criterion.objects.filter(cycle=cycle, name_en="Quality").exists() == (expected == 201)


# --- a juror's own sheet: PUT .../scores/ (score), POST .../conflict/ (declare_conflict) ---

OWN = {
    #             anonymous resident juror chair organizer vani_organizer
    "training": [401, 403, 409, 403, 403, 403],
    "jury_review": [401, 403, 200, 403, 403, 403],
    "voting": [401, 403, 409, 403, 403, 403],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(OWN))
def test_scoring(api, phase, people, jury, phase_name, role, expected):
    phase(jury["cycle"], phase_name)
    mine = jury["mine"]
    body = {"scores": [{"criterion": jury["criterion"].pk, "value": 7}], "submit": True}
    res = api(people[role]).put(f"/api/v1/jury/assignments/{mine.pk}/scores/", body, format="json")
    assert res.status_code == expected, res.content
    mine.refresh_from_db()
    assert mine.status == ("submitted" if expected == 200 else "pending")
    assert Score.objects.filter(assignment=mine).exists() == (expected == 200)


@pytest.mark.parametrize("phase_name, role, expected", cases(OWN))
def test_declaring_a_conflict(api, phase, people, jury, phase_name, role, expected):
    phase(jury["cycle"], phase_name)
    mine = jury["mine"]
    res = api(people[role]).post(
        f"/api/v1/jury/assignments/{mine.pk}/conflict/", {"reason": "My cousin wrote it"}
    )
    assert res.status_code == expected, res.content
    mine.refresh_from_db()
    assert mine.status == ("recused" if expected == 200 else "pending")


# --- reopening a submitted sheet: POST .../reopen/ (reopen_scores; the chair too) ---

REOPEN = {
    #             anonymous resident juror chair organizer vani_organizer
    "training": [401, 403, 403, 409, 409, 403],
    "jury_review": [401, 403, 403, 200, 200, 403],
    "voting": [401, 403, 403, 409, 409, 403],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(REOPEN))
def test_reopening_a_sheet(api, phase, people, jury, phase_name, role, expected):
    mine = jury["mine"]
    Assignment.objects.filter(pk=mine.pk).update(status="submitted")
    phase(jury["cycle"], phase_name)
    res = api(people[role]).post(f"/api/v1/jury/assignments/{mine.pk}/reopen/", {"reason": "typo"})
    assert res.status_code == expected, res.content
    mine.refresh_from_db()
    assert mine.status == ("pending" if expected == 200 else "submitted")


# --- publishing the shortlist: POST cycles/{id}/shortlist/ (shortlist) ---

SHORTLIST = {
    #             anonymous resident juror chair organizer vani_organizer
    "training": [401, 403, 403, 403, 409, 403],
    "jury_review": [401, 403, 403, 403, 201, 403],
    "voting": [401, 403, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase_name, role, expected", cases(SHORTLIST))
def test_publishing_the_shortlist(api, phase, people, jury, phase_name, role, expected):
    cycle = phase(jury["cycle"], phase_name)
    body = {"proposals": [jury["proposal"].pk], "justification": "The only feasible project."}
    res = api(people[role]).post(f"/api/v1/cycles/{cycle.pk}/shortlist/", body, format="json")
    assert res.status_code == expected, res.content
    assert Shortlist.objects.filter(cycle=cycle).exists() == (expected == 201)
    jury["proposal"].refresh_from_db()
    assert jury["proposal"].status == ("shortlisted" if expected == 201 else "feasible")


# --- who is refused before the body is read ---

EMPTY_POSTS = [
    ("post", "/api/v1/cycles/{cycle}/jurors/"),
    ("post", "/api/v1/cycles/{cycle}/criteria/"),
    ("post", "/api/v1/cycles/{cycle}/shortlist/"),
    ("put", "/api/v1/jury/assignments/{mine}/scores/"),
    ("post", "/api/v1/jury/assignments/{mine}/conflict/"),
    ("post", "/api/v1/jury/assignments/{mine}/reopen/"),
]


@pytest.mark.parametrize("method, path", EMPTY_POSTS)
def test_a_residents_empty_post_is_403_and_an_anonymous_one_401(
    api, phase, jury, resident, method, path
):
    phase(jury["cycle"], "jury_review")
    url = path.format(cycle=jury["cycle"].pk, mine=jury["mine"].pk)
    assert getattr(api(), method)(url, {}, format="json").status_code == 401
    res = getattr(api(resident), method)(url, {}, format="json")
    assert res.status_code == 403 and res.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    "user, method, path",
    [
        ("organizer", "post", "/api/v1/cycles/{cycle}/jurors/"),
        ("organizer", "post", "/api/v1/cycles/{cycle}/criteria/"),
        ("organizer", "post", "/api/v1/cycles/{cycle}/shortlist/"),
        ("juror", "put", "/api/v1/jury/assignments/{mine}/scores/"),
        ("juror", "post", "/api/v1/jury/assignments/{mine}/conflict/"),
        ("chair", "post", "/api/v1/jury/assignments/{mine}/reopen/"),
    ],
)
def test_an_allowed_callers_empty_post_out_of_phase_is_409_not_400(
    api, phase, people, jury, user, method, path
):
    phase(jury["cycle"], "results")
    url = path.format(cycle=jury["cycle"].pk, mine=jury["mine"].pk)
    res = getattr(api(people[user]), method)(url, {}, format="json")
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


@pytest.mark.parametrize("path", ["ranking", "criteria", "jurors", "jury-progress"])
def test_reading_the_jury_during_review_is_401_anonymously_and_403_for_a_resident(
    api, phase, jury, resident, path
):
    phase(jury["cycle"], "jury_review")
    url = f"/api/v1/cycles/{jury['cycle'].pk}/{path}/"
    assert api().get(url).status_code == 401
    assert api(resident).get(url).status_code == 403
