"""The voter roll: organizers import the registry's list; where the cycle requires it, only a
number and birth date on it may vote, online or on paper, in the roll's community."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from voting.models import VoterKey, VoterRollEntry

from .. import factories as f
from ..conftest import set_phase
from .conftest import ALICE_PN, BIRTH

HEADER = "personal_number,birth_date,community\n"


def upload(text, name="roll.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def post_roll(api, user, cycle, text):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/voter-roll/", {"file": upload(text)}, format="multipart"
    )


@pytest.fixture
def godogani(terjola):
    return f.CommunityFactory(
        municipality=terjola, slug="godogani", name_ka="გოდოგანი", name_en="Godogani"
    )


def test_an_organizer_imports_the_roll_and_bad_rows_are_listed_not_imported(
    api, cycle, organizer, terjola, godogani
):
    chkhari = terjola.communities.get(slug="chkhari")
    text = (
        HEADER
        + f"{ALICE_PN},1985-03-14,chkhari\n"  # line 2: by slug
        + "01001054321,1990-01-02,Godogani\n"  # line 3: by name
        + f"02002000003,1970-05-05,{chkhari.pk}\n"  # line 4: by id
        + "02002000004,1970-05-05,\n"  # line 5: no community
        + "1234,1970-05-05,\n"  # line 6: short number
        + "0100101234٥,1970-05-05,\n"  # line 7: an Arabic-Indic digit
        + "02002000007,1970-13-40,\n"  # line 8: no such date
        + "02002000008,1970-05-05,Atlantis\n"  # line 9: unknown community
        + f"{ALICE_PN},1985-03-14,\n"  # line 10: the same person again
        + "=cmd|' /C calc'!A0,1970-05-05,\n"  # line 11: a formula
    )
    r = post_roll(api, organizer, cycle, text)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["imported"] == 4 and body["count"] == 4
    assert [row["line"] for row in body["rejected"]] == [6, 7, 8, 9, 10, 11]
    assert "11 digits" in body["rejected"][0]["error"]
    assert "Atlantis" in body["rejected"][3]["error"]
    # stored only as keyed hashes: the number and the date appear nowhere
    for entry in VoterRollEntry.objects.all():
        assert ALICE_PN not in entry.key and "1985" not in entry.birth_hash
        assert len(entry.key) == 64 and len(entry.birth_hash) == 64

    summary = api(organizer).get(f"/api/v1/cycles/{cycle.pk}/voter-roll/").json()
    assert summary["count"] == 4
    assert {(row["name"], row["count"]) for row in summary["by_community"]} == {
        ("Chkhari", 2),
        ("Godogani", 1),
        ("Not given", 1),
    }


def test_a_second_import_replaces_the_roll(api, cycle, organizer):
    post_roll(api, organizer, cycle, HEADER + f"{ALICE_PN},1985-03-14,\n01001054321,1990-01-02,\n")
    r = post_roll(api, organizer, cycle, HEADER + "02002000003,1970-05-05,\n")
    assert r.json()["count"] == 1
    assert VoterRollEntry.objects.filter(cycle=cycle).count() == 1


@pytest.mark.parametrize(
    "content",
    [
        b"number,date\n01001012345,1985-03-14\n",  # wrong header
        "personal_number,birth_date,community\n".encode("utf-16"),  # not UTF-8
        b"personal_number,birth_date,community\n\x00\x00\n",  # NUL bytes
    ],
)
def test_a_file_that_is_not_the_roll_is_400_and_keeps_the_old_roll(api, cycle, organizer, content):
    post_roll(api, organizer, cycle, HEADER + f"{ALICE_PN},1985-03-14,\n")
    r = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/voter-roll/",
        {"file": SimpleUploadedFile("roll.csv", content)},
        format="multipart",
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid"
    assert VoterRollEntry.objects.filter(cycle=cycle).count() == 1


def test_no_file_is_400(api, cycle, organizer):
    r = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/voter-roll/", {}, format="multipart")
    assert r.status_code == 400


@pytest.mark.parametrize("who", ["anonymous", "resident", "vani_organizer"])
def test_only_the_municipalitys_organizers_read_or_import_the_roll(api, cycle, request, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    # the body is not even a file: who may not is answered before it is read
    r = api(user).post(f"/api/v1/cycles/{cycle.pk}/voter-roll/", {"file": "x"}, format="multipart")
    assert r.status_code == (401 if user is None else 403)
    assert api(user).get(f"/api/v1/cycles/{cycle.pk}/voter-roll/").status_code == (
        401 if user is None else 403
    )
    assert not VoterRollEntry.objects.exists()


def test_a_large_roll_imports_in_bulk(api, cycle, organizer, django_assert_max_num_queries):
    rows = "".join(f"{30000000000 + i:011d},1980-01-01,chkhari\n" for i in range(60_000))
    # in batches: 40 statements on PostgreSQL; SQLite takes at most max_query_params values a
    # statement, so its batches are smaller and more
    per_query = connection.features.max_query_params
    fields = len(VoterRollEntry._meta.concrete_fields)
    bound = 40 + (60_000 * fields // per_query if per_query else 0)
    with django_assert_max_num_queries(bound):
        r = post_roll(api, organizer, cycle, HEADER + rows)
    assert r.status_code == 200 and r.json()["imported"] == 60_000
    assert VoterRollEntry.objects.filter(cycle=cycle).count() == 60_000


# --- the roll decides who votes ---


@pytest.fixture
def roll_cycle(api, cycle, organizer, projects, godogani):
    """Terjola's cycle requires the roll: Alice is on it, in Godogani (her profile says Chkhari)."""
    post_roll(api, organizer, cycle, HEADER + f"{ALICE_PN},{BIRTH.isoformat()},godogani\n")
    cycle.voter_roll_required = True
    cycle.save(update_fields=["voter_roll_required"])
    return set_phase(cycle, "voting")


def verify(api, user, cycle, number, birth):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/voter-verification/",
        {"personal_number": number, "birth_date": birth.isoformat()},
        format="json",
    )


def test_someone_on_the_roll_verifies_and_votes_in_the_rolls_community(
    api, roll_cycle, resident, godogani
):
    f.EnvelopeFactory(cycle=roll_cycle, community=godogani)
    r = verify(api, resident, roll_cycle, ALICE_PN, BIRTH)
    assert r.status_code == 200, r.content
    assert r.json()["community"] == godogani.pk  # the roll, not the profile (Chkhari)
    assert VoterKey.objects.get(user=resident).community == godogani


def test_a_number_not_on_the_roll_is_told_to_contact_the_municipality(api, roll_cycle, author):
    r = api(author).post(
        f"/api/v1/cycles/{roll_cycle.pk}/voter-verification/",
        {"personal_number": "01001054321", "birth_date": BIRTH.isoformat()},
        format="json",
    )
    assert r.status_code == 403
    assert "contact the municipality" in r.json()["error"]["message"]
    assert not VoterKey.objects.exists()


def test_the_right_number_with_another_birth_date_is_refused(api, roll_cycle, resident):
    resident.birth_date = None
    resident.save()
    r = verify(api, resident, roll_cycle, ALICE_PN, datetime.date(1985, 3, 15))
    assert r.status_code == 403 and not VoterKey.objects.exists()


def test_a_paper_ballot_of_someone_not_on_the_roll_is_refused(
    api, roll_cycle, organizer, projects, envelope
):
    r = api(organizer).post(
        f"/api/v1/cycles/{roll_cycle.pk}/paper-ballots/",
        {
            "personal_number": "01001054321",
            "birth_date": "1990-01-02",
            "voting_point": f.officer_point(roll_cycle, organizer),
            "envelopes": [{"envelope": envelope.pk, "choices": [projects[2].pk]}],
        },
        format="json",
    )
    assert r.status_code == 403 and "municipality" in r.json()["error"]["message"]
    assert not VoterKey.objects.exists()


def test_a_paper_ballot_takes_the_community_from_the_roll(
    api, roll_cycle, organizer, projects, envelope, godogani, terjola
):
    r = api(organizer).post(
        f"/api/v1/cycles/{roll_cycle.pk}/paper-ballots/",
        {
            "personal_number": ALICE_PN,
            "birth_date": BIRTH.isoformat(),
            "voting_point": f.officer_point(roll_cycle, organizer),
            "community": terjola.communities.get(slug="chkhari").pk,
            "envelopes": [{"envelope": envelope.pk, "choices": [projects[2].pk]}],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert VoterKey.objects.get().community == godogani


def test_without_the_requirement_the_roll_changes_nothing(api, cycle, resident, projects):
    set_phase(cycle, "voting")
    r = verify(api, resident, cycle, ALICE_PN, BIRTH)
    assert r.status_code == 200


# --- the page ---


def test_the_organizer_page_imports_and_shows_the_rejected_lines(client, cycle, organizer):
    client.force_login(organizer)
    r = client.post(
        f"/cycles/{cycle.pk}/voter-roll/",
        {"file": upload(HEADER + f"{ALICE_PN},1985-03-14,\n12,1985-03-14,\n")},
    )
    assert r.status_code == 200
    text = r.content.decode()
    assert "Imported: 1. Rejected lines: 1." in text
    assert "A personal number has exactly 11 digits." in text
    assert ALICE_PN not in text


def test_a_resident_cannot_open_the_roll_page(client, cycle, resident):
    client.force_login(resident)
    assert client.get(f"/cycles/{cycle.pk}/voter-roll/").status_code == 403
    r = client.post(f"/cycles/{cycle.pk}/voter-roll/", {"file": upload(HEADER)})
    assert r.status_code == 403
