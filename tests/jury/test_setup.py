"""Seating the jury and setting the criteria (organizers), through the API."""

import pytest

from cycles.services import has_role
from jury.models import Criterion
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_organizer_seats_jurors_and_one_chair(api, cycle, organizer, juror, resident):
    client = api(organizer)
    res = client.post(
        f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": juror.pk, "is_chair": True}, format="json"
    )
    assert res.status_code == 201, res.json()
    assert res.json()["name"] == "Jury Juliet" and res.json()["is_chair"] is True
    res = client.post(
        f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": resident.pk, "is_chair": True}, format="json"
    )
    assert res.status_code == 409
    assert "chair" in res.json()["error"]["message"]
    res = client.post(f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": juror.pk}, format="json")
    assert res.status_code == 409
    res = client.get(f"/api/v1/cycles/{cycle.pk}/jurors/")
    assert [j["name"] for j in res.json()["results"]] == ["Jury Juliet"]
    assert has_role(juror, cycle, "juror") and not has_role(resident, cycle, "juror")


def test_only_organizers_of_the_municipality_manage_the_jury(
    api, cycle, juror, resident, vani_organizer
):
    for user in (resident, vani_organizer):
        res = api(user).post(f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": juror.pk})
        assert res.status_code == 403
        assert api(user).get(f"/api/v1/cycles/{cycle.pk}/jurors/").status_code == 403
    assert api().get(f"/api/v1/cycles/{cycle.pk}/jurors/").status_code == 401


@pytest.mark.parametrize(
    "body", [{}, {"user": "abc"}, {"user": 99999999}, {"user": None}, {"is_chair": "maybe"}]
)
def test_bad_juror_input_is_400(api, cycle, organizer, body):
    assert api(organizer).post(f"/api/v1/cycles/{cycle.pk}/jurors/", body).status_code == 400


def test_unknown_cycle_is_404(api, organizer, db):
    assert api(organizer).get("/api/v1/cycles/999999/jurors/").status_code == 404


def test_jury_cannot_change_after_review(api, cycle, organizer, juror, phase):
    phase(cycle, "voting")
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": juror.pk})
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_organizer_adds_criteria_in_both_languages(api, cycle, organizer):
    res = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/criteria/",
        {
            "name": "ინოვაციურობა",
            "name_en": "Innovation",
            "description_en": "Something new for the village",
            "weight": "2.5",
            "max_score": 5,
        },
        format="json",
    )
    assert res.status_code == 201, res.json()
    body = res.json()
    assert (body["name"], body["name_ka"], body["weight"], body["max_score"]) == (
        "Innovation",
        "ინოვაციურობა",
        "2.50",
        5,
    )
    res = api(organizer, lang="ka").get(f"/api/v1/cycles/{cycle.pk}/criteria/")
    assert res.json()["results"][0]["name"] == "ინოვაციურობა"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": "x", "weight": "0"},
        {"name": "x", "weight": "-1"},
        {"name": "x", "max_score": 0},
        {"name": "x", "max_score": 1000},
        {"name": "x", "weight": "abc"},
    ],
)
def test_bad_criterion_input_is_400(api, cycle, organizer, body):
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/criteria/", body, format="json")
    assert res.status_code == 400


def test_duplicate_criterion_name_is_400(api, cycle, organizer):
    client = api(organizer)
    client.post(f"/api/v1/cycles/{cycle.pk}/criteria/", {"name": "ხარისხი"})
    assert (
        client.post(f"/api/v1/cycles/{cycle.pk}/criteria/", {"name": "ხარისხი"}).status_code == 400
    )


def test_jurors_read_criteria_residents_do_not(api, cycle, juror, resident):
    f.JurorFactory(cycle=cycle, user=juror)
    Criterion.objects.create(cycle=cycle, name_ka="ა", name_en="A")
    assert api(juror).get(f"/api/v1/cycles/{cycle.pk}/criteria/").status_code == 200
    assert api(resident).get(f"/api/v1/cycles/{cycle.pk}/criteria/").status_code == 403
    assert api(juror).post(f"/api/v1/cycles/{cycle.pk}/criteria/", {"name": "B"}).status_code == 403


def test_criteria_are_fixed_once_scoring_started(api, cycle, organizer, juror, phase):
    from jury.models import Assignment, Score

    seat = f.JurorFactory(cycle=cycle, user=juror)
    c = Criterion.objects.create(cycle=cycle, name_ka="ა", name_en="A")
    p = f.FeasibleProposalFactory(cycle=cycle)
    Score.objects.create(
        assignment=Assignment.objects.create(juror=seat, proposal=p), criterion=c, value=3
    )
    phase(cycle, "jury_review")
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/criteria/", {"name": "B"})
    assert res.status_code == 409


def test_juror_seated_during_review_gets_every_proposal(api, cycle, organizer, juror, phase):
    phase(cycle, "jury_review")
    f.FeasibleProposalFactory(cycle=cycle)
    f.FeasibleProposalFactory(cycle=cycle)
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": juror.pk})
    assert res.status_code == 201
    assert api(juror).get("/api/v1/jury/assignments/").json()["count"] == 2


def test_seating_a_juror_is_recorded_but_not_public_before_the_shortlist(
    api, cycle, organizer, juror
):
    from record.models import Entry

    api(organizer).post(f"/api/v1/cycles/{cycle.pk}/jurors/", {"user": juror.pk})
    entry = Entry.objects.get(action="juror_added")
    assert entry.data["juror"] == "Jury Juliet" and entry.public is False
