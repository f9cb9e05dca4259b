"""Voter verification: 11 digits, minimum age, residence; only a keyed hash is stored."""

import datetime
import logging

import pytest
from django.db import IntegrityError, connection, transaction

from voting.models import VoterKey, voter_key_for

from .. import factories as f
from .conftest import ALICE_PN, BIRTH

pytestmark = pytest.mark.django_db


def verify(api, user, cycle, number=ALICE_PN, birth=BIRTH):
    return api(user).post(
        f"/api/v1/cycles/{cycle.pk}/voter-verification/",
        {"personal_number": number, "birth_date": str(birth)},
        format="json",
    )


def test_a_resident_is_verified_and_only_the_keyed_hash_is_stored(api, voting, resident, caplog):
    caplog.set_level(logging.DEBUG)
    r = verify(api, resident, voting)
    assert r.status_code == 200, r.json()
    assert r.json()["verified"] is True
    key = VoterKey.objects.get(user=resident)
    assert key.key == voter_key_for(ALICE_PN) != ALICE_PN
    assert len(key.key) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM voting_voterkey")
        assert ALICE_PN not in str(cursor.fetchall())
    assert ALICE_PN not in caplog.text


def test_the_key_depends_on_the_secret(settings):
    one = voter_key_for(ALICE_PN)
    settings.VOTER_KEY_SECRET = "another-secret"
    assert voter_key_for(ALICE_PN) != one


def test_verifying_again_with_the_same_number_is_harmless(api, voting, resident):
    verify(api, resident, voting)
    assert verify(api, resident, voting).status_code == 200
    assert VoterKey.objects.count() == 1


@pytest.mark.parametrize(
    "number", ["123", "0100101234", "010010123456", "0100101234a", "", "٠١٢٣٤٥٦٧٨٩٠"]
)
def test_a_personal_number_has_exactly_11_digits(api, voting, resident, number):
    r = verify(api, resident, voting, number=number)
    assert r.status_code == 400
    assert "personal_number" in r.json()["error"]["fields"]


def test_a_voter_younger_than_the_minimum_age_is_refused(api, voting, terjola):
    young = f.UserFactory(
        municipality=terjola,
        birth_date=datetime.date.today().replace(year=datetime.date.today().year - 15),
    )
    r = verify(api, young, voting, birth=young.birth_date)
    assert r.status_code == 400
    assert "16" in r.json()["error"]["fields"]["birth_date"][0]


def test_a_birth_date_other_than_the_accounts_is_refused(api, voting, resident):
    r = verify(api, resident, voting, birth=datetime.date(1990, 1, 1))
    assert r.status_code == 400
    assert "birth_date" in r.json()["error"]["fields"]


def test_a_resident_of_another_municipality_is_403(api, voting, outsider):
    assert verify(api, outsider, voting).status_code == 403


def test_an_unverified_phone_is_refused(api, voting, terjola):
    user = f.UserFactory(municipality=terjola, phone_verified=False)
    assert verify(api, user, voting).status_code == 403


def test_a_number_verified_on_another_account_is_409_with_whom_to_contact(
    api, voting, resident, author
):
    verify(api, resident, voting)
    r = verify(api, author, voting)
    assert r.status_code == 409
    assert "contact the municipality" in r.json()["error"]["message"]
    assert not VoterKey.objects.filter(user=author).exists()


def test_an_account_cannot_switch_to_another_personal_number(api, voting, resident):
    verify(api, resident, voting)
    r = verify(api, resident, voting, number="01001099999")
    assert r.status_code == 409


def test_verification_is_closed_before_jury_review(api, cycle, resident):
    r = verify(api, resident, cycle)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "phase_closed"


def test_the_database_refuses_two_keys_for_one_person_in_a_cycle(voting):
    VoterKey.objects.create(cycle=voting, key=voter_key_for(ALICE_PN))
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterKey.objects.create(cycle=voting, key=voter_key_for(ALICE_PN))


def test_garbage_is_400_never_500(api, voting, resident):
    for body in (
        {},
        {"personal_number": 1, "birth_date": "yesterday"},
        {"personal_number": ["x"]},
        [],
    ):
        r = api(resident).post(
            f"/api/v1/cycles/{voting.pk}/voter-verification/", body, format="json"
        )
        assert r.status_code == 400, (body, r.content)
