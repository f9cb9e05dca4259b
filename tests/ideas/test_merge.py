import pytest

from ideas.models import Idea
from notifications.models import Notification
from record.models import Entry
from tests import factories as f


@pytest.fixture
def duplicate(cycle, categories, resident):
    return f.IdeaFactory(cycle=cycle, author=resident, category=categories[0], title="Lights too")


def merge(client, source, target, **extra):
    return client.post(f"/api/v1/ideas/{source.pk}/merge/", {"into": target.pk, **extra})


def test_merge_keeps_both_authors(
    api, organizer, idea, duplicate, author, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        res = merge(api(organizer), duplicate, idea, note="Same street.")
    assert res.status_code == 200, res.json()
    assert res.json()["status"] == "merged"
    assert res.json()["merged_into"] == {"id": idea.pk, "title": idea.title}
    target = api(organizer).get(f"/api/v1/ideas/{idea.pk}/").json()
    assert target["author_name"] == "Bob" and target["co_author_names"] == ["Alice"]
    assert {u.pk for u in Idea.objects.get(pk=idea.pk).authors()} == {author.pk, resident.pk}
    entry = Entry.objects.get(action="idea_merged")
    assert entry.public and entry.data["into"] == idea.pk and entry.reason == "Same street."
    told = set(Notification.objects.filter(kind="idea_merged").values_list("recipient", flat=True))
    assert told == {author.pk, resident.pk}


def test_the_merged_idea_page_says_merged_into(client, api, organizer, idea, duplicate):
    merge(api(organizer), duplicate, idea)
    page = client.get(f"/ideas/{duplicate.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This idea was merged into" in page and f"/ideas/{idea.pk}/" in page


def test_the_merged_authors_new_idea_counts_as_theirs(api, organizer, idea, duplicate, resident):
    merge(api(organizer), duplicate, idea)
    mine = api(resident).get("/api/v1/ideas/", {"author": "me"}).json()["results"]
    assert {i["id"] for i in mine} == {idea.pk, duplicate.pk}


def test_an_idea_cannot_be_merged_into_itself_or_another_cycle(api, organizer, idea, terjola):
    assert merge(api(organizer), idea, idea).status_code == 400
    other = f.IdeaFactory(cycle=f.CycleFactory(municipality=terjola, year=2027))
    res = merge(api(organizer), idea, other)
    assert res.status_code == 400 and "into" in res.json()["error"]["fields"]


def test_merging_into_an_unknown_idea_is_400(api, organizer, duplicate):
    res = api(organizer).post(f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": 999999})
    assert res.status_code == 400 and "into" in res.json()["error"]["fields"]


def test_merging_twice_is_a_conflict(api, organizer, idea, duplicate):
    assert merge(api(organizer), duplicate, idea).status_code == 200
    assert merge(api(organizer), duplicate, idea).status_code == 409
    assert merge(api(organizer), idea, duplicate).status_code == 409


def test_only_organizers_of_the_municipality_merge(api, resident, vani_organizer, idea, duplicate):
    assert merge(api(resident), duplicate, idea).status_code == 403
    assert merge(api(vani_organizer), duplicate, idea).status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.status == "submitted"
