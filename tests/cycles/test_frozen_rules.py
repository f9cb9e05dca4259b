"""Once voting opens the rules of the vote are frozen: the rule, the budget, the minimum age,
ballot changes, the ballot kind, the roll requirement and the envelopes answer 409 phase_closed,
before the body is validated, in the API, the organizer pages and the admin."""

from decimal import Decimal

import pytest

from cycles.models import Cycle
from voting.models import Envelope

from .. import factories as f
from ..conftest import set_phase
from .test_admin import admin, change_form

FROZEN = {
    "tally_rule": "equalshares/add1",
    "total_budget": "999999.00",
    "min_voter_age": 18,
    "ballot_changes_allowed": False,
    "ballot_kind": "approval",
    "voter_roll_required": True,
    "tally_threshold": 5,
}
AFTER_VOTING_OPENS = ["voting", "results", "implementation"]


@pytest.fixture
def staff(terjola):
    return f.UserFactory(municipality=terjola, is_staff=True, is_superuser=True)


@pytest.mark.parametrize("phase", AFTER_VOTING_OPENS)
@pytest.mark.parametrize("field", list(FROZEN))
def test_a_rule_of_the_vote_cannot_change_once_voting_opens(api, cycle, organizer, phase, field):
    set_phase(cycle, phase)
    before = Cycle.objects.filter(pk=cycle.pk).values(*FROZEN).get()
    r = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", {field: FROZEN[field]}, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
    assert Cycle.objects.filter(pk=cycle.pk).values(*FROZEN).get() == before


@pytest.mark.parametrize("field", list(FROZEN))
def test_the_freeze_is_checked_before_the_body_is_validated(api, cycle, organizer, field):
    set_phase(cycle, "voting")
    r = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", {field: "nonsense"}, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"


def test_other_fields_still_change_during_voting(api, cycle, organizer):
    set_phase(cycle, "voting")
    r = api(organizer).patch(
        f"/api/v1/cycles/{cycle.pk}/", {"description_en": "Vote by 30 November"}, format="json"
    )
    assert r.status_code == 200
    assert Cycle.objects.get(pk=cycle.pk).description_en == "Vote by 30 November"


def test_before_voting_the_rules_change(api, cycle, organizer):
    set_phase(cycle, "jury_review")
    r = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", FROZEN, format="json")
    assert r.status_code == 200, r.content
    cycle.refresh_from_db()
    assert cycle.tally_rule == "equalshares/add1" and cycle.voter_roll_required is True
    assert api(organizer).get(f"/api/v1/cycles/{cycle.pk}/").json()["voter_roll_required"]


@pytest.mark.parametrize("phase", AFTER_VOTING_OPENS)
def test_envelopes_cannot_be_added_changed_or_removed_once_voting_opens(
    api, cycle, organizer, phase
):
    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("1000.00"))
    set_phase(cycle, phase)
    client = api(organizer)
    r = client.post(f"/api/v1/cycles/{cycle.pk}/envelopes/", {"budget": "x"}, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
    r = client.patch(f"/api/v1/envelopes/{envelope.pk}/", {"budget": "x"}, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
    r = client.delete(f"/api/v1/envelopes/{envelope.pk}/")
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"
    assert Envelope.objects.get(pk=envelope.pk).budget == Decimal("1000.00")


def test_the_envelope_pages_refuse_during_voting(client, cycle, organizer):
    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("1000.00"))
    set_phase(cycle, "voting")
    client.force_login(organizer)
    assert client.get(f"/cycles/{cycle.pk}/envelopes/").status_code == 409
    r = client.post(f"/cycles/{cycle.pk}/envelopes/{envelope.pk}/delete/")
    assert r.status_code == 409 and Envelope.objects.filter(pk=envelope.pk).exists()


def test_the_admin_shows_the_frozen_rules_read_only_and_cannot_change_them(staff, cycle):
    set_phase(cycle, "voting")
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    data = change_form(staff, cycle)
    data.update({"tally_rule": "equalshares/add1", "total_budget": "5.00", "min_voter_age": "30"})
    res = admin(staff).post(url, data)
    assert res.status_code in (200, 302)
    cycle.refresh_from_db()
    assert cycle.tally_rule == "greedy" and cycle.total_budget == Decimal("100000.00")
    assert cycle.min_voter_age == 16


def test_the_service_refuses_a_frozen_change_whoever_calls_it(cycle, organizer):
    from core.errors import PhaseClosed
    from cycles import services

    set_phase(cycle, "voting")
    with pytest.raises(PhaseClosed):
        services.cycle_update(cycle=cycle, by=organizer, data={"tally_rule": "equalshares/add1"})
