"""What any site answers: its icon, its robots file, and each page in English at a stable
address; and a demo that can start clean."""

import os

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from cycles.models import Cycle


def test_favicon_is_an_icon():
    res = Client().get("/favicon.ico")
    assert res.status_code == 200 and res["Content-Type"] == "image/x-icon"
    assert res.content[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_robots_keeps_crawlers_out_of_accounts_and_the_api():
    res = Client().get("/robots.txt")
    assert res.status_code == 200 and res["Content-Type"].startswith("text/plain")
    body = res.content.decode()
    assert "Disallow: /api/" in body and "Disallow: /accounts/" in body


def test_lang_en_in_the_address_shows_english_and_keeps_it(cycle):
    client = Client(HTTP_ACCEPT_LANGUAGE="ka")
    page = client.get(f"/cycles/{cycle.pk}/?lang=en")
    assert page.status_code == 200 and '<html lang="en">' in page.content.decode()
    assert "Timeline" in page.content.decode()
    # the next page, without the parameter, stays English
    assert '<html lang="en">' in client.get("/").content.decode()
    assert '<html lang="ka">' in client.get("/?lang=ka").content.decode()


def test_an_unknown_lang_changes_nothing(cycle):
    page = Client(HTTP_ACCEPT_LANGUAGE="ka").get("/?lang=xx").content.decode()
    assert '<html lang="ka">' in page


@pytest.mark.django_db(transaction=True)  # a flush cannot run inside the test's transaction
def test_seed_demo_reset_starts_clean():
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    User.objects.create_user(email="left-over@example.ge", password="x-long-pass-1", name="X")
    counts = (User.objects.count(), Cycle.objects.count())
    call_command("seed_demo", "--reset", stdout=open(os.devnull, "w"))
    assert not User.objects.filter(email="left-over@example.ge").exists()
    assert (User.objects.count(), Cycle.objects.count()) == (counts[0] - 1, counts[1])
    assert Cycle.objects.get(municipality__slug="terjola").phase == "idea_submission"
