"""Editing and advancing a cycle, through the real endpoints, in each phase and for each role.

The expectations are written by hand from what the people who run a cycle expect: organizers of
its municipality edit it and move it forward until it is closed; nobody else ever does.
"""

import pytest

from cycles.models import Cycle, PhaseTransition
from tests import factories as f
from tests.conftest import set_phase


def edit(client, cycle):
    return client.patch(f"/api/v1/cycles/{cycle.pk}/", {"title_en": "Terjola decides"})


def advance(client, cycle, body):
    return client.post(f"/api/v1/cycles/{cycle.pk}/advance/", body)


@pytest.mark.parametrize(
    "phase, status",
    [
        ("draft", 200),
        ("idea_submission", 200),
        ("training", 200),
        ("jury_review", 200),
        ("voting", 200),
        ("results", 200),
        ("implementation", 200),
        ("closed", 409),
    ],
)
def test_an_organizer_edits_the_cycle_in_every_phase_until_it_is_closed(
    api, organizer, cycle, phase, status
):
    set_phase(cycle, phase)
    res = edit(api(organizer), cycle)
    assert res.status_code == status, res.content
    edited = Cycle.objects.get(pk=cycle.pk).title_en == "Terjola decides"
    assert edited is (status == 200)
    if status == 409:
        assert res.json()["error"]["code"] == "phase_closed"


@pytest.mark.parametrize(
    "who, status",
    [(None, 401), ("resident", 403), ("outsider", 403), ("vani_organizer", 403), ("juror", 403)],
)
@pytest.mark.parametrize("phase", ["idea_submission", "closed"])
def test_nobody_but_its_organizers_edits_a_cycle_in_any_phase(
    api, request, cycle, who, status, phase
):
    set_phase(cycle, phase)
    user = request.getfixturevalue(who) if who else None
    res = edit(api(user), cycle)
    assert res.status_code == status
    assert Cycle.objects.get(pk=cycle.pk).title_en != "Terjola decides"


def test_a_bad_edit_is_400_only_for_an_organizer(api, organizer, resident, cycle):
    body = {"total_budget": "lots"}
    assert api(resident).patch(f"/api/v1/cycles/{cycle.pk}/", body).status_code == 403
    res = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", body)
    assert res.status_code == 400 and "total_budget" in res.json()["error"]["fields"]


@pytest.mark.parametrize(
    "phase, to",
    [
        ("draft", "idea_submission"),
        ("idea_submission", "training"),
        ("training", "jury_review"),
        ("results", "implementation"),
        ("implementation", "closed"),
    ],
)
def test_an_organizer_moves_the_cycle_to_the_next_phase(api, organizer, cycle, phase, to):
    set_phase(cycle, phase)
    res = advance(api(organizer), cycle, {"to": to})
    assert res.status_code == 200, res.content
    assert res.json()["phase"] == to
    assert PhaseTransition.objects.get(cycle=cycle).from_phase == phase


def test_a_closed_cycle_does_not_move_whatever_the_body(api, organizer, cycle):
    set_phase(cycle, "closed")
    for body in ({}, {"to": "draft"}, {"to": "nonsense"}):
        res = advance(api(organizer), cycle, body)
        assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"
    assert Cycle.objects.get(pk=cycle.pk).phase == "closed"


@pytest.mark.parametrize(
    "who, status",
    [
        (None, 401),
        ("resident", 403),
        ("outsider", 403),
        ("vani_organizer", 403),
        ("juror", 403),
        ("organizer", 400),  # allowed in: only now does the missing `to` matter
    ],
)
def test_an_empty_advance_is_refused_by_role_before_the_body_is_read(
    api, request, cycle, who, status
):
    user = request.getfixturevalue(who) if who else None
    res = advance(api(user), cycle, {})
    assert res.status_code == status
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"


def test_a_juror_of_the_cycle_cannot_advance_it(api, juror, cycle):
    set_phase(cycle, "jury_review")
    f.JurorFactory(cycle=cycle, user=juror)
    assert advance(api(juror), cycle, {"to": "voting"}).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).phase == "jury_review"


@pytest.mark.parametrize(
    "who, status",
    [(None, 401), ("resident", 403), ("juror", 403), ("organizer", 400), ("vani_organizer", 400)],
)
def test_setting_up_a_cycle_with_an_empty_body_is_refused_by_role_first(api, request, who, status):
    user = request.getfixturevalue(who) if who else None
    assert api(user).post("/api/v1/cycles/", {}).status_code == status


def test_an_organizer_cannot_set_up_a_cycle_for_another_municipality(api, vani_organizer, terjola):
    res = api(vani_organizer).post("/api/v1/cycles/", {"municipality": "terjola"})
    assert res.status_code == 403
    assert not Cycle.objects.filter(municipality=terjola).exists()


def en_client(user=None):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["resident", "outsider", "vani_organizer"])
def test_the_advance_button_is_refused_to_anyone_but_an_organizer(request, cycle, who):
    res = en_client(request.getfixturevalue(who)).post(
        f"/cycles/{cycle.pk}/advance/", {"to": "training"}
    )
    assert res.status_code == 403
    assert "Only organizers of this municipality may do this." in res.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"


def test_the_organizer_advances_from_the_cycle_page_until_it_is_closed(organizer, cycle):
    client = en_client(organizer)
    res = client.post(f"/cycles/{cycle.pk}/advance/", {"to": "training", "reason": "ideas in"})
    assert res.status_code == 302 and Cycle.objects.get(pk=cycle.pk).phase == "training"
    set_phase(cycle, "closed")
    res = client.post(f"/cycles/{cycle.pk}/advance/", {"to": "draft"})
    assert res.status_code == 409
    assert "The cycle is now in: Closed" in res.content.decode()
    assert "Advance to the next phase" not in client.get(f"/cycles/{cycle.pk}/").content.decode()
