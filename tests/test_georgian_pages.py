"""Every page, read in Georgian by each kind of visitor over the demo data, reads as Georgian:
no Mtavruli capitals, no raw keys or JSON in the public record, no English sentence where a
Georgian one exists, and no server error."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from . import crawl

ROLES = ["anonymous", "resident", "author", "juror", "organizer", "admin"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for the module (committed, then flushed at its end)."""
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))
        yield
        call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = media


def visitor(role):
    from proposals.models import Proposal

    users = get_user_model().objects
    if role == "anonymous":
        return None
    if role == "author":
        return Proposal.objects.filter(cycle__municipality__slug="terjola").first().created_by
    emails = {
        "resident": "resident2@terjola.demo",
        "juror": "juror1@terjola.demo",
        "organizer": "organizer@terjola.demo",
        "admin": "admin@civicbudget.demo",
    }
    return users.get(email=emails[role])


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_as_georgian(demo, db, role):
    user = visitor(role)
    urls = crawl.urls_to_visit(user)
    if role == "admin":
        urls += crawl.admin_urls()
    assert len(urls) > 60
    assert crawl.crawl(user, urls) == []


def test_the_crawl_sees_what_it_looks_for():
    """The checks themselves: a capital, a raw key, an English sentence, a server error."""
    assert crawl.problems("/x/", 200, "<p>Სახელი</p>")
    assert crawl.problems("/cycles/1/record/", 200, "<p>status: in_progress</p>")
    assert crawl.problems("/cycles/1/record/", 200, "<p>{'a': 1}</p>")
    assert crawl.problems("/x/", 200, "<p>გამარჯობა. Choose up to three projects</p>")
    assert crawl.problems("/x/", 500, "")
    assert crawl.problems("/x/", 200, "<p>მოლოდინის სიაში მოლოდინის სიაში 3-ე</p>")
    assert crawl.problems("/x/", 200, "<p>კი კი</p>")
    assert crawl.problems("/x/", 200, "<p>სახელი · OpenStreetMap</p>") == []
    assert crawl.problems("/admin/cycles/cycle/add/", 200, "<label>Slug:</label>")
    assert crawl.problems("/admin/cycles/cycle/add/", 200, "<th>Model name</th>")
    assert crawl.problems("/admin/x/add/", 200, "<label>პლატფორმა:</label><p>Android</p>") == []


def test_the_api_schema_has_no_capitals_in_georgian(demo, db):
    schema = Client(HTTP_ACCEPT_LANGUAGE="ka").get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert re.findall("[\u1c90-\u1cbf]+", schema.content.decode()) == []


def test_capitalising_leaves_georgian_letters_alone():
    from django import forms
    from django.template import Context, Template
    from django.utils import text, translation

    from accounts.models import User

    assert text.capfirst("სახელი") == "სახელი" and text.capfirst("name") == "Name"
    assert Template("{{ w|capfirst }}").render(Context({"w": "თემი"})) == "თემი"
    with translation.override("ka"):
        label = forms.models.fields_for_model(User, ["name"])["name"].label
    assert not re.search("[\u1c90-\u1cbf]", str(label))


def test_the_admins_calendar_and_selector_speak_georgian(db):
    """Django's catalogue for the admin's JavaScript leaves 59 of its 76 messages in English
    (the months of the date picker among them); locale/vendor fills them."""
    import json

    from tests import factories as f

    client = Client(HTTP_ACCEPT_LANGUAGE="ka")
    client.force_login(f.UserFactory(is_staff=True, is_superuser=True))
    body = client.get("/admin/jsi18n/").content.decode()
    for georgian in ("იანვარი", "აირჩიეთ თარიღი", "ყველა %s-ის არჩევა", "ორშაბათი"):
        assert json.dumps(georgian) in body, georgian
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(f.UserFactory(is_staff=True, is_superuser=True))
    assert json.dumps("იანვარი") not in english.get("/admin/jsi18n/").content.decode()


def test_every_field_of_every_model_has_a_georgian_name():
    """A field without a verbose_name gets Django's name from its attribute, which core.apps
    hands to gettext: each must have its Georgian in a catalogue (locale/ or locale/vendor)."""
    from django.apps import apps
    from django.utils import translation

    left = []
    with translation.override("ka"):
        for model in apps.get_models():
            if model._meta.app_label in ("auth", "contenttypes", "sessions", "admin"):
                continue  # Django's own, translated by Django
            for field in model._meta.get_fields():
                if getattr(field, "concrete", False) and not field.auto_created:
                    name = str(field.verbose_name)
                    if not re.search(r"[\u10d0-\u10ff]", name) and name != "ID":
                        left.append(f"{model._meta.label}.{field.name}: {name}")
    assert left == [], "\n".join(left)
