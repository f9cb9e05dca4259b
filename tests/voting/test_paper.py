"""Paper ballots at voting points: same identity as online, so the channels exclude each other."""

import pytest

from record.models import Entry
from voting.models import Ballot, BallotChannel

from .conftest import ALICE_PN, BIRTH, BOB_PN, ids

pytestmark = pytest.mark.django_db


def paper(api, user, cycle, envelope, choices, point, number=BOB_PN, **extra):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
        {
            "personal_number": number,
            "birth_date": str(BIRTH),
            "voting_point": point.pk if hasattr(point, "pk") else point,
            "envelopes": [{"envelope": envelope.pk, "choices": choices}],
            **extra,
        },
        format="json",
    )


def put(api, user, cycle, envelope, choices):
    return api(user).put(
        f"/api/v1/cycles/{cycle.pk}/my-ballot/",
        {"envelopes": [{"envelope": envelope.pk, "choices": choices}]},
        format="json",
    )


def test_an_officer_enters_a_paper_ballot_and_the_record_says_who_where_not_what(
    api, voting, officer, school, projects, envelope
):
    r = paper(api, officer, voting, envelope, ids(projects, "Road"), school)
    assert r.status_code == 201, r.json()
    [receipt] = r.json()["ballots"]
    assert api().get(f"/api/v1/receipts/{receipt['receipt']}/").json()["counted"] is True
    ballot = Ballot.objects.get()
    assert ballot.channel == BallotChannel.PAPER and ballot.entered_by == officer
    assert ballot.voting_point == school
    entry = Entry.objects.get(action="paper_ballot_entered")
    assert entry.actor == officer and entry.data["voting_point"] == "Chkhari school"
    assert set(entry.data) == {"voting_point", "voting_point_id", "envelopes"}  # not the choices
    assert "Road" not in entry.object_label


def test_a_resident_cannot_enter_paper_ballots(api, voting, resident, school, projects, envelope):
    assert paper(api, resident, voting, envelope, ids(projects, "Road"), school).status_code == 403


def test_an_organizer_who_is_not_its_officer_cannot_enter_ballots_at_a_point(
    api, voting, organizer, school, projects, envelope
):
    r = paper(api, organizer, voting, envelope, ids(projects, "Road"), school)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert not Ballot.objects.exists()


def test_paper_ballots_follow_the_same_ballot_rule(
    api, voting, officer, school, projects, envelope
):
    everything = ids(projects, "Road", "Playground", "Library")
    r = paper(api, officer, voting, envelope, everything, school)
    assert r.status_code == 400
    assert "envelopes.0.choices" in r.json()["error"]["fields"]


def test_a_paper_ballot_needs_a_voting_point_of_the_cycle_and_a_real_personal_number(
    api, voting, officer, school, projects, envelope
):
    r = paper(api, officer, voting, envelope, ids(projects, "Road"), " ")
    assert r.status_code == 400 and "voting_point" in r.json()["error"]["fields"]
    r = paper(api, officer, voting, envelope, ids(projects, "Road"), 2**40)
    assert r.status_code == 400 and "voting_point" in r.json()["error"]["fields"]
    r = paper(api, officer, voting, envelope, ids(projects, "Road"), school, number="12")
    assert r.status_code == 400 and "personal_number" in r.json()["error"]["fields"]
    assert not Ballot.objects.exists()


def test_a_second_paper_ballot_for_the_same_person_names_the_first_voting_point(
    api, voting, officer, school, town_hall_officer, town_hall, projects, envelope
):
    paper(api, officer, voting, envelope, ids(projects, "Road"), school)
    r = paper(api, town_hall_officer, voting, envelope, ids(projects, "Library"), town_hall)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "already_voted"
    assert (
        "paper" in r.json()["error"]["message"] and "Chkhari school" in r.json()["error"]["message"]
    )
    assert Ballot.objects.count() == 1


def test_someone_who_voted_online_cannot_vote_on_paper(
    api, voting, voter, officer, school, projects, envelope
):
    put(api, voter, voting, envelope, ids(projects, "Road"))
    r = paper(api, officer, voting, envelope, ids(projects, "Library"), school, number=ALICE_PN)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "already_voted"
    assert "online" in r.json()["error"]["message"]


def test_someone_who_voted_on_paper_cannot_vote_online(
    api, voting, resident, officer, school, projects, envelope
):
    paper(api, officer, voting, envelope, ids(projects, "Road"), school, number=ALICE_PN)
    verified = api(resident).post(
        f"/api/v1/cycles/{voting.pk}/voter-verification/",
        {"personal_number": ALICE_PN, "birth_date": str(BIRTH)},
        format="json",
    )
    assert verified.status_code == 200
    r = put(api, resident, voting, envelope, ids(projects, "Library"))
    assert r.status_code == 409
    assert "paper" in r.json()["error"]["message"]
    assert Ballot.objects.get().channel == BallotChannel.PAPER


def test_a_correction_replaces_the_choices_and_keeps_an_audit_trail(
    api, voting, officer, school, organizer, projects, envelope
):
    paper(api, officer, voting, envelope, ids(projects, "Road"), school)
    body = {
        "personal_number": BOB_PN,
        "birth_date": str(BIRTH),
        "voting_point": school.pk,
        "reason": "Typed the wrong project",
        "envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Library")}],
    }
    url = f"/api/v1/cycles/{voting.pk}/paper-ballots/correction/"
    assert api(organizer).post(url, {**body, "reason": ""}, format="json").status_code == 400
    r = api(organizer).post(url, body, format="json")
    assert r.status_code == 200, r.json()
    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == ids(
        projects, "Library"
    )
    entry = Entry.objects.get(action="paper_ballot_corrected")
    assert entry.actor == organizer and entry.reason == "Typed the wrong project"
    assert entry.data["voting_point"] == "Chkhari school"
    assert "Library" not in str(entry.data)


def test_an_online_ballot_cannot_be_corrected_as_paper(
    api, voting, voter, organizer, school, projects, envelope
):
    put(api, voter, voting, envelope, ids(projects, "Road"))
    r = api(organizer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/correction/",
        {
            "personal_number": ALICE_PN,
            "birth_date": str(BIRTH),
            "voting_point": school.pk,
            "reason": "y",
            "envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Library")}],
        },
        format="json",
    )
    assert r.status_code == 404
    assert Ballot.objects.get().channel == BallotChannel.ONLINE


def test_paper_ballots_are_only_entered_during_voting(
    api, voting, officer, school, projects, envelope
):
    from ..conftest import set_phase

    set_phase(voting, "results")
    r = paper(api, officer, voting, envelope, ids(projects, "Road"), school)
    assert r.status_code == 409 and r.json()["error"]["code"] == "phase_closed"


def test_an_organizer_of_another_municipality_cannot_enter_paper_ballots(
    api, voting, vani_organizer, school, projects, envelope
):
    r = paper(api, vani_organizer, voting, envelope, ids(projects, "Road"), school)
    assert r.status_code == 403
