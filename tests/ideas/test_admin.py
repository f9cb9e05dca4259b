"""The admin: categories are added and renamed through the services; ideas are only read there
(screening in bulk goes through the service: see test_screening)."""

import pytest
from django.test import Client

from ideas.models import Category
from tests import factories as f


@pytest.fixture
def admin_client(terjola):
    staff = f.UserFactory(municipality=terjola, is_staff=True, is_superuser=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    return client


def test_a_category_added_in_the_admin_gets_its_slug_from_the_service(admin_client, cycle):
    res = admin_client.post(
        "/admin/ideas/category/add/",
        {"cycle": cycle.pk, "slug": "Sport_Youth", "name_ka": "სპორტი", "name_en": "Sport"},
    )
    assert res.status_code in (200, 302)
    assert Category.objects.get(cycle=cycle).slug == "sport_youth"


def test_a_category_of_a_closed_cycle_cannot_be_renamed_in_the_admin(admin_client, cycle, phase):
    category = f.CategoryFactory(cycle=cycle, slug="roads", name_ka="გზები", name_en="Roads")
    phase(cycle, "closed")
    admin_client.post(
        f"/admin/ideas/category/{category.pk}/change/", {"name_ka": "გზა", "name_en": "Road"}
    )
    category.refresh_from_db()
    assert category.name_en == "Roads"


def test_ideas_are_read_only_in_the_admin(admin_client, cycle, author):
    idea = f.IdeaFactory(cycle=cycle, author=author, title="Lights")
    assert admin_client.get("/admin/ideas/idea/").status_code == 200
    assert admin_client.get("/admin/ideas/idea/add/").status_code == 403
    admin_client.post(f"/admin/ideas/idea/{idea.pk}/change/", {"title": "Changed"})
    idea.refresh_from_db()
    assert idea.title == "Lights"
