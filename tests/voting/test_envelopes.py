"""Envelopes: organizers split the budget before voting; voting opening freezes the ballot."""

from decimal import Decimal

import pytest

from civic_budget import wiring
from cycles.services import advance
from notifications.models import Notification
from proposals.models import ProposalStatus
from voting.models import BallotProject, Envelope

from .. import factories as f
from ..conftest import set_phase

pytestmark = pytest.mark.django_db


def create(api, user, cycle, **data):
    return api(user).post(f"/api/v1/cycles/{cycle.pk}/envelopes/", data, format="json")


def test_an_organizer_adds_a_municipality_wide_and_a_community_envelope(
    api, cycle, organizer, terjola
):
    r = create(api, organizer, cycle, budget="70000.00", ballot_kind="approval", max_choices=3)
    assert r.status_code == 201, r.json()
    assert r.json()["name"] == "Whole municipality"
    assert "up to 3" in r.json()["rule"]
    chkhari = terjola.communities.get(slug="chkhari")
    r = create(
        api,
        organizer,
        cycle,
        community=chkhari.pk,
        budget="30000.00",
        ballot_kind="cumulative",
        points=10,
        max_points_per_project=4,
    )
    assert r.status_code == 201, r.json()
    assert r.json()["name"] == "Chkhari"
    listed = api().get(f"/api/v1/cycles/{cycle.pk}/envelopes/").json()
    assert len(listed) == 2


def test_envelopes_cannot_add_up_to_more_than_the_budget(api, cycle, organizer):
    create(api, organizer, cycle, budget="70000.00")
    r = create(
        api,
        organizer,
        cycle,
        community=cycle.municipality.communities.first().pk,
        budget="40000.00",
    )
    assert r.status_code == 400
    assert "110000.00" in r.json()["error"]["fields"]["budget"][0]


def test_a_second_envelope_for_the_same_community_is_409(api, cycle, organizer):
    assert create(api, organizer, cycle, budget="10000.00").status_code == 201
    r = create(api, organizer, cycle, budget="10000.00")
    assert r.status_code == 409


def test_a_community_of_another_municipality_is_refused(api, cycle, organizer, vani):
    other = f.CommunityFactory(municipality=vani)
    r = create(api, organizer, cycle, community=other.pk, budget="10000.00")
    assert r.status_code == 400


def test_a_resident_or_another_organizer_cannot_manage_envelopes(
    api, cycle, resident, vani_organizer
):
    assert create(api, resident, cycle, budget="10000.00").status_code == 403
    assert create(api, vani_organizer, cycle, budget="10000.00").status_code == 403


def test_envelopes_are_frozen_once_voting_opens(api, cycle, organizer):
    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("10000.00"))
    set_phase(cycle, "voting")
    assert create(api, organizer, cycle, budget="10000.00").status_code == 409
    r = api(organizer).patch(
        f"/api/v1/envelopes/{envelope.pk}/", {"budget": "5000.00"}, format="json"
    )
    assert r.status_code == 409
    assert api(organizer).delete(f"/api/v1/envelopes/{envelope.pk}/").status_code == 409


def test_an_organizer_edits_and_removes_an_envelope(api, cycle, organizer):
    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("10000.00"))
    r = api(organizer).patch(
        f"/api/v1/envelopes/{envelope.pk}/",
        {"budget": "20000.00", "min_share": "0.5"},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["budget"] == "20000.00"
    assert api(organizer).delete(f"/api/v1/envelopes/{envelope.pk}/").status_code == 204
    assert not Envelope.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"budget": "-5"},
        {"budget": "0"},
        {"budget": "abc"},
        {"budget": "1", "min_share": "1.5"},
        {"budget": "1", "ballot_kind": "borda"},
        {"budget": "1", "points": 0},
    ],
)
def test_invalid_envelopes_are_400(api, cycle, organizer, data):
    assert create(api, organizer, cycle, **data).status_code == 400


@pytest.fixture
def shortlisted(cycle, terjola, author):
    chkhari = terjola.communities.get(slug="chkhari")
    return [
        f.shortlisted_proposal(cycle, title="Road", cost="20000.00", author=author),
        f.shortlisted_proposal(cycle, title="Chkhari well", cost="4000.00", community=chkhari),
    ]


def open_voting(cycle, organizer, monkeypatch):
    # the jury owns the shortlist guard; here the shortlist is made directly
    monkeypatch.setitem(wiring.PHASE_GUARDS, "voting", [])
    set_phase(cycle, "jury_review")
    advance(cycle=cycle, to="voting", by=organizer)


def test_a_cycle_without_envelopes_gets_one_with_its_budget_and_ballot_kind(
    cycle, organizer, shortlisted, monkeypatch
):
    cycle.ballot_kind = "approval"
    cycle.save()
    open_voting(cycle, organizer, monkeypatch)
    envelope = Envelope.objects.get(cycle=cycle)
    assert envelope.community is None and envelope.budget == cycle.total_budget
    assert envelope.ballot_kind == "approval"
    assert BallotProject.objects.filter(envelope=envelope).count() == 2


def test_opening_voting_freezes_the_shortlist_into_envelopes_by_community(
    cycle, organizer, shortlisted, terjola, monkeypatch
):
    road, well = shortlisted
    whole = Envelope.objects.create(cycle=cycle, budget=Decimal("60000.00"))
    village = Envelope.objects.create(
        cycle=cycle, community=well.community, budget=Decimal("5000.00")
    )
    rejected = f.shortlisted_proposal(cycle, title="Rejected", cost="1000.00")
    rejected.status = ProposalStatus.NOT_SHORTLISTED
    rejected.save()
    open_voting(cycle, organizer, monkeypatch)
    assert road.ballot_project.envelope == whole
    assert well.ballot_project.envelope == village
    assert BallotProject.objects.count() == 2
    frozen = road.ballot_project
    assert (frozen.title, frozen.cost) == ("Road", Decimal("20000.00"))
    road.title = "Changed later"
    road.save()
    frozen.refresh_from_db()
    assert frozen.title == "Road"


def test_a_project_whose_community_has_no_envelope_needs_a_municipality_wide_one(
    cycle, organizer, shortlisted, monkeypatch
):
    other = f.CommunityFactory(municipality=cycle.municipality)
    Envelope.objects.create(cycle=cycle, community=other, budget=Decimal("5000.00"))
    monkeypatch.setitem(wiring.PHASE_GUARDS, "voting", [])
    set_phase(cycle, "jury_review")
    from core.errors import Conflict

    with pytest.raises(Conflict):
        advance(cycle=cycle, to="voting", by=organizer)
    cycle.refresh_from_db()
    assert cycle.phase == "jury_review"


def test_verified_residents_hear_that_voting_opened(
    cycle, organizer, shortlisted, resident, outsider, terjola, monkeypatch
):
    unverified = f.UserFactory(municipality=terjola, phone_verified=False)
    open_voting(cycle, organizer, monkeypatch)
    told = set(
        Notification.objects.filter(kind="voting_opened").values_list("recipient_id", flat=True)
    )
    assert resident.pk in told and organizer.pk in told
    assert outsider.pk not in told and unverified.pk not in told
