"""Blind review that is blind: the public reads an idea's author only if the author chose to be
named (else "a resident of <village>"), nobody but organizers and authors does while the jury
reviews, and organizers always see who wrote it."""

import pytest

from ..conftest import set_phase


def detail(api, user, idea):
    return api(user).get(f"/api/v1/ideas/{idea.pk}/").json()


def test_by_default_the_public_reads_a_resident_of_the_village(api, idea, client):
    body = detail(api, None, idea)
    assert body["author_name"] == "a resident of Chkhari"
    assert body["author_named"] is False and body["co_author_names"] == []
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "a resident of Chkhari" in page and "Bob" not in page


def test_a_juror_searching_the_title_finds_no_author(api, idea, juror, cycle):
    set_phase(cycle, "jury_review")
    idea.author_named = True
    idea.save()
    r = api(juror).get("/api/v1/ideas/", {"search": idea.title}).json()
    assert [i["author_name"] for i in r["results"]] == ["a resident of Chkhari"]
    assert "Bob" not in str(r)


def test_an_author_who_chose_to_be_named_is_named(api, idea, resident):
    idea.author_named = True
    idea.save()
    assert detail(api, resident, idea)["author_name"] == "Bob"


@pytest.mark.parametrize("who", ["organizer", "author"])
def test_organizers_and_the_author_always_see_the_author(api, idea, request, who, cycle):
    set_phase(cycle, "jury_review")
    assert detail(api, request.getfixturevalue(who), idea)["author_name"] == "Bob"


def test_the_author_chooses_on_submission(api, cycle, author, categories, chkhari):
    r = api(author).post(
        "/api/v1/ideas/",
        {
            "cycle": cycle.pk,
            "title": "A bench by the bus stop",
            "summary": "Somewhere to sit.",
            "category": categories[0].pk,
            "community": chkhari.pk,
            "estimated_cost": "2000.00",
            "author_named": True,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert api().get(f"/api/v1/ideas/{r.json()['id']}/").json()["author_name"] == "Bob"
