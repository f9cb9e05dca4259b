import pytest

from ideas.models import Idea

from .conftest import photo


def url(idea, tail=""):
    return f"/api/v1/ideas/{idea.pk}/{tail}"


def test_the_author_edits_the_idea_while_the_competition_is_open(api, author, idea):
    res = api(author).patch(url(idea), {"title": "Lights for all of Chkhari"})
    assert res.status_code == 200, res.json()
    assert res.json()["title"] == "Lights for all of Chkhari"
    assert res.json()["summary"] == idea.summary  # the rest is untouched


def test_an_edit_is_validated_like_a_submission(api, author, idea):
    res = api(author).patch(url(idea), {"estimated_cost": "900000.00"})
    assert res.status_code == 400 and "estimated_cost" in res.json()["error"]["fields"]


def test_a_resident_cannot_edit_someone_elses_idea(api, resident, idea):
    res = api(resident).patch(url(idea), {"title": "Mine now"})
    assert res.status_code == 403 and res.json()["error"]["code"] == "forbidden"
    idea.refresh_from_db()
    assert idea.title == "Lights for Chkhari"


def test_a_resident_cannot_withdraw_someone_elses_idea(api, resident, idea):
    assert api(resident).delete(url(idea)).status_code == 403
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_nothing_changes_after_the_competition_closes(api, author, idea, cycle, phase):
    phase(cycle, "training")
    res = api(author).patch(url(idea), {"title": "Too late"})
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"
    assert api(author).delete(url(idea)).status_code == 409


def test_a_screened_idea_cannot_be_edited_by_its_author(api, author, idea):
    Idea.objects.filter(pk=idea.pk).update(status="eligible")
    res = api(author).patch(url(idea), {"title": "Changed after screening"})
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"


def test_a_withdrawn_idea_leaves_the_public_list_but_its_author_still_sees_it(
    api, author, resident, idea
):
    assert api(author).delete(url(idea)).status_code == 204
    assert api().get("/api/v1/ideas/").json()["count"] == 0
    assert api(resident).get(url(idea)).status_code == 404
    mine = api(author).get("/api/v1/ideas/", {"author": "me"}).json()
    assert [i["status"] for i in mine["results"]] == ["withdrawn"]
    assert api(author).get(url(idea)).json()["status"] == "withdrawn"


def test_withdrawing_twice_is_a_conflict(api, author, idea):
    assert api(author).delete(url(idea)).status_code == 204
    assert api(author).delete(url(idea)).status_code == 409


def test_the_author_adds_photos_up_to_five(api, author, idea):
    client = api(author)
    res = client.post(
        url(idea, "images/"), {"images": [photo() for _ in range(3)]}, format="multipart"
    )
    assert res.status_code == 200 and len(res.json()["images"]) == 3
    res = client.post(
        url(idea, "images/"), {"images": [photo() for _ in range(3)]}, format="multipart"
    )
    assert res.status_code == 400 and "images" in res.json()["error"]["fields"]
    image_id = idea.images.first().pk
    assert client.delete(url(idea, f"images/{image_id}/")).status_code == 204
    assert idea.images.count() == 2


def test_others_cannot_add_photos(api, resident, idea):
    res = api(resident).post(url(idea, "images/"), {"images": [photo()]}, format="multipart")
    assert res.status_code == 403


def test_unknown_ids_are_404_in_the_error_shape(api, author):
    for res in (
        api(author).get("/api/v1/ideas/999999/"),
        api(author).patch("/api/v1/ideas/999999/", {"title": "x"}),
        api(author).delete("/api/v1/ideas/999999/"),
    ):
        assert res.status_code == 404 and res.json()["error"]["code"] == "not_found"


def test_moving_the_pin_may_send_one_coordinate(api, author, idea):
    client = api(author)
    res = client.patch(url(idea), {"latitude": 42.17, "longitude": 42.75})
    assert res.json()["latitude"] == "42.170000"
    res = client.patch(url(idea), {"latitude": 42.2})
    assert res.status_code == 200 and res.json()["longitude"] == "42.750000"
    res = client.patch(url(idea), {"latitude": None, "longitude": None})
    assert res.status_code == 200 and res.json()["latitude"] is None


@pytest.mark.parametrize("body", [[], "text", {"title": None}, {"estimated_cost": None}])
def test_a_malformed_edit_is_400(api, author, idea, body):
    res = api(author).patch(url(idea), body, format="json")
    assert res.status_code == 400 and res.json()["error"]["code"] == "invalid"
