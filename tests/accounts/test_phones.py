"""Phones are ASCII after normalization; one verified phone belongs to one account; an
unverified phone reserves nothing (issue 14: Unicode-digit phones, phone squatting)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import PhoneCode, User, normalize_phone
from tests import factories as f

from .test_auth import register, sms_code

ARABIC_INDIC = "+995٥٩٩١١١١١١"
FULL_WIDTH = "+995５９９１１１１１１"


@pytest.mark.parametrize(
    "spelling",
    [
        "599111111",
        "599-111-111",
        "+995 599 111 111",
        "995599111111",
        "00995 599 111 111",
        ARABIC_INDIC,
        FULL_WIDTH,
        "٥٩٩١١١١١١",  # Arabic-Indic, without the country code
        "۵۹۹۱۱۱۱۱۱",  # Extended Arabic-Indic (Persian)
        "५९९११११११",  # Devanagari
        "x599111111",
    ],
)
def test_every_spelling_in_any_script_is_one_ascii_phone(spelling):
    assert normalize_phone(spelling) == "+995599111111"


@pytest.mark.parametrize("spelling", ["59911111²1", "59911111①1", "+995 599 11 11 1½"])
def test_digit_lookalikes_that_are_not_decimal_digits_are_refused(api, terjola, spelling):
    res = register(api, email="", phone=spelling)
    assert res.status_code == 400 and "phone" in res.json()["error"]["fields"]
    assert not User.objects.exists()


@pytest.mark.parametrize("spelling", [ARABIC_INDIC, FULL_WIDTH])
def test_registration_stores_unicode_digits_as_ascii(api, terjola, spelling):
    res = register(api, email="", phone=spelling)
    assert res.status_code == 201, res.json()
    assert res.json()["phone"] == "+995599111111"
    assert User.objects.get().phone == "+995599111111"
    # and the same person logs in with the ASCII spelling
    login = {"login": "599 111 111", "password": "a-long-pass-123"}
    assert api().post("/api/v1/auth/token/", login).status_code == 200


def test_a_verified_phone_cannot_be_registered_again_in_another_script(api, terjola):
    f.UserFactory(phone="+995599111111", phone_verified=True, municipality=terjola)
    for spelling in (ARABIC_INDIC, FULL_WIDTH, "599111111"):
        res = register(api, email="", phone=spelling)
        assert res.status_code == 400 and "phone" in res.json()["error"]["fields"]
    assert User.objects.filter(phone="+995599111111").count() == 1


def test_verification_reads_unicode_digits_as_ascii_and_on_the_page_too(api, client, resident):
    resident.phone, resident.phone_verified = None, False
    resident.save()
    assert api(resident).post("/api/v1/me/verify-phone/", {"phone": FULL_WIDTH}).status_code == 202
    assert PhoneCode.objects.get().phone == "+995599111111"
    res = api(resident).post("/api/v1/me/verify-phone/confirm/", {"code": sms_code(resident)})
    assert res.json()["phone"] == "+995599111111" and res.json()["phone_verified"] is True

    other = f.UserFactory(phone=None, phone_verified=False, municipality=resident.municipality)
    client.force_login(other)
    page = client.post("/accounts/me/verify-phone/", {"phone": ARABIC_INDIC})
    assert page.status_code == 200  # refused on the form: verified on another account
    assert "already verified on another account" in page.content.decode()
    assert not PhoneCode.objects.filter(user=other).exists()


def test_the_database_refuses_a_second_account_with_one_verified_phone(terjola):
    f.UserFactory(phone="+995599111111", phone_verified=True)
    f.UserFactory(phone="+995599111111", phone_verified=False)  # unverified: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        f.UserFactory(phone="+995599111111", phone_verified=True)


def test_a_squatted_phone_goes_to_the_account_that_proves_it(api, terjola):
    # someone registers the owner's phone first and never verifies it
    assert register(api, email="squatter@example.ge", phone="599 11 11 11").status_code == 201
    phone_only = register(api, email="", phone=FULL_WIDTH, name="Squatter two")
    assert phone_only.status_code == 201  # an unverified phone reserves nothing
    # the owner registers with their phone all the same, and proves it
    res = register(api, email="owner@example.ge", phone="+995 599 111 111", name="Owner")
    assert res.status_code == 201, res.json()
    owner = User.objects.get(email="owner@example.ge")
    client = api(owner)
    assert client.post("/api/v1/me/verify-phone/", {"phone": "599111111"}).status_code == 202
    res = client.post("/api/v1/me/verify-phone/confirm/", {"code": sms_code(owner)})
    assert res.status_code == 200 and res.json()["phone_verified"] is True

    squatter = User.objects.get(email="squatter@example.ge")
    assert squatter.phone is None and not squatter.phone_verified  # lost it
    second = User.objects.get(name="Squatter two")  # phone-only: keeps it, unverified
    assert second.phone == "+995599111111" and not second.phone_verified
    assert list(User.objects.filter(phone_verified=True).values_list("email", flat=True)) == [
        "owner@example.ge"
    ]
    # the phone now logs in to its owner only
    login = {"login": "599111111", "password": "a-long-pass-123"}
    tokens = api().post("/api/v1/auth/token/", login).json()
    me = api()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert me.get("/api/v1/me/").json()["email"] == "owner@example.ge"


def test_a_phone_verified_elsewhere_is_not_taken_by_asking_for_a_code(api, resident, author):
    res = api(author).post("/api/v1/me/verify-phone/", {"phone": resident.phone})
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"
    resident.refresh_from_db()
    assert resident.phone_verified


def test_while_nobody_verified_a_phone_the_password_says_whose_login_it_is(api, terjola):
    register(api, email="", phone="599111111", name="First", password="first-pass-123")
    register(api, email="", phone="599-111-111", name="Second", password="second-pass-456")
    for password, name in (("first-pass-123", "First"), ("second-pass-456", "Second")):
        res = api().post("/api/v1/auth/token/", {"login": "+995599111111", "password": password})
        client = api()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {res.json()['access']}")
        assert client.get("/api/v1/me/").json()["name"] == name


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accounts_proving_one_phone_at_once_leave_one_verified(terjola):
    from accounts import services
    from core.errors import Conflict

    users = [
        f.UserFactory(phone=None, phone_verified=False, municipality=terjola) for _ in range(4)
    ]
    codes = []
    for user in users:
        services.phone_code_send(user=user, phone="+995 599 22 22 22")
        codes.append(sms_code(user))
    barrier = threading.Barrier(len(users))
    outcomes = []

    def prove(i):
        try:
            barrier.wait()
            services.phone_code_confirm(user=users[i], code=codes[i])
            outcomes.append("verified")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=prove, args=(i,)) for i in range(len(users))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["verified"]
    assert User.objects.filter(phone="+995599222222", phone_verified=True).count() == 1
