"""Voting requirements up front: the ballot lists what is needed with ticks and links, and the
SMS code brings the voter back to the ballot (never to another site)."""

import pytest

from accounts.models import User
from cycles.phases import Phase

from .. import factories as f
from ..accounts.test_auth import sms_code
from ..conftest import set_phase


@pytest.fixture
def open_vote(cycle):
    return set_phase(cycle, Phase.VOTING)


def _item(html, key):
    return html.split(f'data-need="{key}"')[1].split("</li>")[0]


def test_a_visitor_reads_that_an_account_is_needed(client, open_vote):
    html = client.get(f"/cycles/{open_vote.pk}/ballot/").content.decode()
    assert "To vote online you need" in html
    assert "/accounts/login/?next=%2Fcycles%2F" in _item(html, "account")


def test_the_ballot_lists_what_is_needed_with_ticks_for_what_is_done(client, open_vote, terjola):
    person = f.UserFactory(municipality=terjola, phone_verified=False, birth_date=None)
    client.force_login(person)
    html = client.get(f"/cycles/{open_vote.pk}/ballot/").content.decode()
    phone, birth, number = (_item(html, k) for k in ("phone", "birth_date", "personal_number"))
    assert "○" in phone and "/accounts/me/verify-phone/?next=%2Fcycles%2F" in phone
    assert "○" in birth and "/accounts/me/" in birth
    assert "○" in number and f"/cycles/{open_vote.pk}/voter-verification/" in number
    User.objects.filter(pk=person.pk).update(phone_verified=True)
    html = client.get(f"/cycles/{open_vote.pk}/ballot/").content.decode()
    assert "✔" in _item(html, "phone") and "○" in _item(html, "personal_number")


def test_the_checklist_comes_before_the_personal_number_form(client, open_vote, resident):
    client.force_login(resident)
    html = client.get(f"/cycles/{open_vote.pk}/voter-verification/").content.decode()
    assert "To vote online you need" in html
    assert html.index("To vote online you need") < html.index('name="personal_number"')


def test_after_the_sms_code_the_voter_returns_to_the_ballot(client, open_vote, terjola):
    person = f.UserFactory(municipality=terjola, phone_verified=False, phone="")
    client.force_login(person)
    back = f"/cycles/{open_vote.pk}/ballot/"
    page = f"/accounts/me/verify-phone/?next={back}"
    res = client.post(page, {"phone": "599112233", "next": back})
    assert res.status_code == 302 and "next=%2Fcycles%2F" in res["Location"]
    res = client.post(res["Location"], {"code": sms_code(person), "next": back})
    assert res.status_code == 302 and res["Location"] == back


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_never_leads_off_the_site(client, terjola, evil):
    person = f.UserFactory(municipality=terjola, phone_verified=False, phone="")
    client.force_login(person)
    client.post("/accounts/me/verify-phone/", {"phone": "599112234", "next": evil})
    res = client.post("/accounts/me/verify-phone/", {"code": sms_code(person), "next": evil})
    assert res.status_code == 302 and res["Location"] == "/accounts/me/"


def test_the_birth_date_saved_on_the_profile_returns_to_the_ballot(client, open_vote, terjola):
    person = f.UserFactory(municipality=terjola, birth_date=None)
    client.force_login(person)
    html = client.get(f"/cycles/{open_vote.pk}/ballot/").content.decode()
    link = _item(html, "birth_date").split('href="')[1].split('"')[0]
    assert link == f"/accounts/me/?next=%2Fcycles%2F{open_vote.pk}%2Fballot%2F"
    form = client.get(link).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({"birth_date": "1985-03-14", "next": f"/cycles/{open_vote.pk}/ballot/"})
    res = client.post(link, data)
    assert res.status_code == 302 and res["Location"] == f"/cycles/{open_vote.pk}/ballot/"
    person.refresh_from_db()
    assert str(person.birth_date) == "1985-03-14"
