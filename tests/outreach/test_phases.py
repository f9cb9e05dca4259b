"""Each outreach path, called through the real API in every phase, by every kind of caller.

Written by hand from what reaching residents means (not read from the phase table): the
municipality's organizers may write to its residents from the cycle's draft (to announce it)
until it closes, and read its past messages in every phase; nobody else may do either. Each
body is valid, so an allowed caller gets a 2xx; each call runs in a savepoint rolled back."""

import pytest
from django.db import transaction

from ..conftest import set_phase

pytestmark = pytest.mark.django_db

PHASES = [
    "draft",
    "idea_submission",
    "training",
    "jury_review",
    "voting",
    "results",
    "implementation",
    "closed",
]
ROLES = ["anonymous", "resident", "outsider", "organizer", "vani_organizer"]


@pytest.fixture
def people(resident, outsider, organizer, vani_organizer):
    return {
        "anonymous": None,
        "resident": resident,
        "outsider": outsider,
        "organizer": organizer,
        "vani_organizer": vani_organizer,
    }


def statuses(api, cycle, people, phase, call):
    set_phase(cycle, phase)
    out = []
    for role in ROLES:
        with transaction.atomic():
            out.append(call(api(people[role])).status_code)
            transaction.set_rollback(True)
    return out


SEND = {
    "draft": [401, 403, 403, 201, 403],
    "idea_submission": [401, 403, 403, 201, 403],
    "training": [401, 403, 403, 201, 403],
    "jury_review": [401, 403, 403, 201, 403],
    "voting": [401, 403, 403, 201, 403],
    "results": [401, 403, 403, 201, 403],
    "implementation": [401, 403, 403, 201, 403],
    "closed": [401, 403, 403, 409, 403],
}


@pytest.mark.parametrize("phase", PHASES)
def test_sending_a_broadcast_in_each_phase(api, cycle, people, phase):
    body = {"channels": ["inapp"], "text_ka": "ხვალ კრებაა."}
    got = statuses(
        api,
        cycle,
        people,
        phase,
        lambda c: c.post(f"/api/v1/cycles/{cycle.pk}/broadcasts/", body, format="json"),
    )
    assert got == SEND[phase]


PREVIEW = {phase: [200 if s == 201 else s for s in row] for phase, row in SEND.items()}


@pytest.mark.parametrize("phase", PHASES)
def test_counting_a_broadcast_in_each_phase(api, cycle, people, phase):
    body = {"channels": ["sms"], "text_ka": "ხვალ კრებაა."}
    got = statuses(
        api,
        cycle,
        people,
        phase,
        lambda c: c.post(f"/api/v1/cycles/{cycle.pk}/broadcasts/preview/", body, format="json"),
    )
    assert got == PREVIEW[phase]


@pytest.mark.parametrize("phase", PHASES)
def test_listing_past_broadcasts_in_each_phase(api, cycle, people, phase):
    got = statuses(
        api, cycle, people, phase, lambda c: c.get(f"/api/v1/cycles/{cycle.pk}/broadcasts/")
    )
    assert got == [401, 403, 403, 200, 403]


@pytest.mark.parametrize("phase", PHASES)
def test_the_confirmation_page_sends_in_each_phase_but_closed(client, cycle, organizer, phase):
    set_phase(cycle, phase)
    client.force_login(organizer)
    response = client.post(
        f"/cycles/{cycle.pk}/broadcasts/send/",
        {"channels": ["inapp"], "text_ka": "ხვალ კრებაა.", "key": "k1"},
    )
    assert response.status_code == (409 if phase == "closed" else 302)
