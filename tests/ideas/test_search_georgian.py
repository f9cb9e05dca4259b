"""Search finds Georgian by Latin spelling (national transliteration, both ways) and by word
form (light stemming of case and plural endings), in the API and on the pages."""

import pytest
from django.apps import apps as django_apps

from core.search import backfill, normalize
from cycles.phases import Phase
from ideas.models import Idea

from .. import factories as f
from ..conftest import set_phase


@pytest.fixture
def ideas(cycle):
    lights = f.IdeaFactory(cycle=cycle, title="ქუჩის განათება", summary="სოფლის ცენტრში")
    school = f.IdeaFactory(
        cycle=cycle, title="სკოლის ეზო", summary="ბავშვებისთვის", description="განათლება"
    )
    latin = f.IdeaFactory(cycle=cycle, title="Gzis remonti", summary="chkhari")
    return {"lights": lights, "school": school, "latin": latin}


def _api_titles(api, cycle, query):
    res = api().get("/api/v1/ideas/", {"cycle": cycle.pk, "search": query})
    assert res.status_code == 200
    return {i["title"] for i in res.json()["results"]}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("ganateba", {"ქუჩის განათება"}),  # Latin finds Georgian
        ("განათების", {"ქუჩის განათება"}),  # the genitive finds the nominative
        ("ganatebas", {"ქუჩის განათება"}),  # the dative, typed in Latin
        ("ganat", {"ქუჩის განათება", "სკოლის ეზო"}),  # the start of a word
        ("სკოლებში", {"სკოლის ეზო"}),  # plural + -ში finds the singular genitive
        ("გზის", {"Gzis remonti"}),  # Georgian finds Latin
        ("ᲒᲖᲘᲡ", {"Gzis remonti"}),  # Mtavruli reads as the letters it is
        ("ჩხარი", {"Gzis remonti"}),
        ("სოფელში ganateba", {"ქუჩის განათება"}),  # every word must match
        ("ganateba skola", set()),
    ],
)
def test_the_api_finds_georgian_by_latin_and_by_word_form(api, cycle, ideas, query, expected):
    assert _api_titles(api, cycle, query) == expected


def test_education_is_not_lighting(api, cycle, ideas):
    # განათლება (education) shares a beginning with განათება (lighting), not a stem
    assert _api_titles(api, cycle, "განათების") == {"ქუჩის განათება"}


def test_plain_substrings_still_match(api, cycle, ideas):
    assert _api_titles(api, cycle, "remont") == {"Gzis remonti"}


def test_the_ideas_page_finds_by_latin(client, cycle, ideas):
    html = client.get(f"/cycles/{cycle.pk}/ideas/", {"search": "ganateba"}).content.decode()
    assert "ქუჩის განათება" in html and "სკოლის ეზო" not in html


def test_an_edit_refreshes_what_search_finds(cycle, ideas):
    idea = ideas["latin"]
    idea.title = "ხიდი"
    idea.save(update_fields=["title"])
    assert Idea.objects.filter(search_text__contains=" khidi").exists()


def test_the_migration_backfills_rows_saved_before_it(cycle, ideas):
    Idea.objects.update(search_text="")
    backfill("ideas", "Idea", ("title", "summary", "description"))(django_apps, None)
    assert Idea.objects.get(pk=ideas["lights"].pk).search_text == normalize(
        "ქუჩის განათება", "სოფლის ცენტრში", ""
    )


def test_proposals_are_searched_the_same_way(api, cycle):
    set_phase(cycle, Phase.TRAINING)
    f.DraftProposalFactory(cycle=cycle, title="ქუჩების განათება", status="submitted")
    f.DraftProposalFactory(cycle=cycle, title="Bridge", status="submitted")
    res = api().get("/api/v1/proposals/", {"cycle": cycle.pk, "search": "ganateba"})
    assert [p["title"] for p in res.json()["results"]] == ["ქუჩების განათება"]


def test_the_proposals_page_finds_by_word_form(client, cycle):
    set_phase(cycle, Phase.TRAINING)
    f.DraftProposalFactory(cycle=cycle, title="ქუჩების განათება", status="submitted")
    f.DraftProposalFactory(cycle=cycle, title="Bridge", status="submitted")
    html = client.get(f"/cycles/{cycle.pk}/proposals/", {"search": "განათების"}).content.decode()
    assert "ქუჩების განათება" in html and "Bridge" not in html


def test_a_nul_byte_or_a_huge_query_is_no_error(api, cycle, ideas):
    assert api().get("/api/v1/ideas/", {"search": "gana\x00teba"}).status_code in (200, 400)
    assert api().get("/api/v1/proposals/", {"search": "ა" * 5000}).status_code in (200, 400)
