from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Idea
from tests import factories as f

URL = "/api/v1/ideas/"


@pytest.fixture
def three(cycle, categories, author, resident, chkhari, terjola):
    other_village = f.CommunityFactory(municipality=terjola, slug="godogani", name_en="Godogani")
    now = timezone.now()
    return [
        f.IdeaFactory(
            cycle=cycle,
            author=author,
            category=categories[0],
            community=chkhari,
            title="Bright street",
            summary="Lights by the school",
            created_at=now - timedelta(days=2),
        ),
        f.IdeaFactory(
            cycle=cycle,
            author=resident,
            category=categories[1],
            community=other_village,
            title="A spring for Godogani",
            summary="Clean the old spring",
            status="eligible",
            created_at=now - timedelta(days=1),
        ),
        f.IdeaFactory(
            cycle=cycle,
            author=resident,
            category=categories[1],
            community=chkhari,
            title="Courtyard well",
            summary="Water pipe to the upper quarter",
            created_at=now,
        ),
    ]


def titles(res):
    assert res.status_code == 200, res.content
    return [i["title"] for i in res.json()["results"]]


def test_the_public_list_is_paginated_and_newest_first(api, three):
    body = api().get(URL, {"page_size": 2}).json()
    assert body["count"] == 3 and body["next"] and body["previous"] is None
    assert [i["title"] for i in body["results"]] == ["Courtyard well", "A spring for Godogani"]


def test_filters_by_cycle_category_community_and_status(api, three, cycle, categories, chkhari):
    client = api()
    assert len(titles(client.get(URL, {"cycle": cycle.pk}))) == 3
    assert titles(client.get(URL, {"category": categories[0].pk})) == ["Bright street"]
    assert set(titles(client.get(URL, {"community": chkhari.pk}))) == {
        "Bright street",
        "Courtyard well",
    }
    assert titles(client.get(URL, {"status": "eligible"})) == ["A spring for Godogani"]
    assert titles(client.get(URL, {"cycle": 999999})) == []


def test_author_me_lists_my_ideas(api, three, author):
    assert titles(api(author).get(URL, {"author": "me"})) == ["Bright street"]
    assert titles(api().get(URL, {"author": "me"})) == []


def test_text_search_looks_in_title_and_summary(api, three):
    assert titles(api().get(URL, {"search": "spring"})) == ["A spring for Godogani"]
    assert titles(api().get(URL, {"search": "upper quarter"})) == ["Courtyard well"]


def test_ordering_by_title_and_by_newest(api, three):
    assert titles(api().get(URL, {"ordering": "title"})) == [
        "A spring for Godogani",
        "Bright street",
        "Courtyard well",
    ]
    assert titles(api().get(URL, {"ordering": "newest"}))[0] == "Courtyard well"
    assert titles(api().get(URL, {"ordering": "oldest"}))[0] == "Bright street"


@pytest.mark.parametrize(
    "params",
    [
        {"cycle": "abc"},
        {"category": "roads"},
        {"status": "approved"},
        {"ordering": "-secret"},
        {"author": "someone"},
        {"search": "x" * 300},
        {"page": "999"},
    ],
)
def test_bad_filter_values_answer_in_the_error_shape_never_500(api, three, params):
    res = api().get(URL, params)
    assert res.status_code in (400, 404)
    assert res.json()["error"]["code"] in ("invalid", "not_found")


def test_withdrawn_ideas_are_hidden_from_the_public_list(api, three, resident):
    Idea.objects.filter(pk=three[0].pk).update(status="withdrawn")
    assert "Bright street" not in titles(api().get(URL))
    assert "Bright street" not in titles(api(resident).get(URL))


def test_the_paper_authors_phone_is_never_public(api, cycle, categories):
    f.IdeaFactory(
        cycle=cycle,
        author=None,
        channel="paper",
        category=categories[0],
        paper_author_name="Lamara",
        paper_author_phone="+995599000101",
        author_named=True,  # she agreed, on the paper form, to be named
    )
    res = api().get(URL)
    assert res.json()["results"][0]["author_name"] == "Lamara"
    assert "+995599000101" not in res.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_runs_in_constant_queries_whatever_the_page_size(
    api, cycle, categories, author, chkhari, count, django_assert_max_num_queries
):
    for i in range(count):
        idea = f.IdeaFactory(
            cycle=cycle, author=author, category=categories[i % 2], community=chkhari
        )
        idea.co_authors.add(f.UserFactory(municipality=cycle.municipality))
        idea.images.create(image=f"ideas/x{i}.jpg", thumbnail=f"ideas/x{i}-t.jpg")
    client = api(author)
    # auth user, count, page, images, co-authors
    with django_assert_max_num_queries(6):
        res = client.get(URL, {"page_size": 100})
    assert res.json()["count"] == count and len(res.json()["results"]) == count
    assert all(r["images"] and r["co_author_names"] for r in res.json()["results"])


def test_categories_are_listed_per_cycle(api, cycle, categories, vani):
    f.CategoryFactory(cycle=f.CycleFactory(municipality=vani))
    body = api().get("/api/v1/categories/", {"cycle": cycle.pk}).json()
    assert [c["name"] for c in body["results"]] == ["Roads", "Water"]
    georgian = api(lang="ka").get("/api/v1/categories/", {"cycle": cycle.pk}).json()
    assert georgian["results"][0]["name"] == "გზები"


@pytest.mark.parametrize("param", ["cycle", "category", "community"])
def test_huge_or_negative_ids_in_filters_are_400_not_500(api, three, param):
    for value in ("99999999999999999999999", "-1", "1.5", "1e9"):
        res = api().get(URL, {param: value})
        assert res.status_code == 400, (value, res.content)
