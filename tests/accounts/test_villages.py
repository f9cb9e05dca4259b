"""The village list: grouped by municipality on registration, only the resident's own
municipality's villages on the profile; required fields marked, optional ones said."""

import re

from django.test import Client

from tests import factories as f


def test_registration_groups_villages_by_municipality(terjola, vani):
    f.CommunityFactory(municipality=vani, slug="zeindari", name_ka="ზეინდარი", name_en="Zeindari")
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/register/").content.decode()
    select = page.split('name="community"', 1)[1].split("</select>", 1)[0]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [(label, "Chkhari" in body, "Zeindari" in body) for label, body in groups] == [
        ("Vani", False, True),  # ordered by the Georgian name: ვანი before თერჯოლა
        ("Terjola", True, False),
    ]


def test_the_profile_offers_only_the_residents_own_villages(resident, vani):
    f.CommunityFactory(municipality=vani, slug="zeindari", name_ka="ზეინდარი", name_en="Zeindari")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(resident)
    page = client.get("/accounts/me/").content.decode()
    select = page.split('name="community"', 1)[1].split("</select>", 1)[0]
    assert "Chkhari" in select and "Zeindari" not in select


def test_required_fields_carry_a_mark_and_sometimes_needed_ones_say_when(terjola):
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/register/").content.decode()
    name_label = page.split('for="id_name"', 1)[1].split("</label>", 1)[0]
    email_label = page.split('for="id_email"', 1)[1].split("</label>", 1)[0]
    birth_label = page.split('for="id_birth_date"', 1)[1].split("</label>", 1)[0]
    assert 'class="req"' in name_label and "optional" not in name_label
    assert "an e-mail or a phone is needed" in email_label and "optional" not in email_label
    assert "(optional)" in birth_label
