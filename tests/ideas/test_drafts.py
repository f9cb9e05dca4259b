"""An idea being written is kept as a draft with its photos: a form error, a dropped
connection or a closed tab loses nothing, and submitting the draft makes the idea."""

import io

import pytest
from PIL import Image

from ideas.models import DraftImage, Idea, IdeaDraft, IdeaImage

from .conftest import photo
from .test_pages import form

DRAFTS = "/api/v1/ideas/drafts/"


def page(cycle):
    return f"/cycles/{cycle.pk}/ideas/new/"


# --- the page, without JavaScript ---


def test_a_form_error_keeps_the_photo_and_shows_it_again(
    client, resident, cycle, categories, chkhari
):
    client.force_login(resident)
    res = client.post(
        page(cycle),
        {**form(categories, chkhari, estimated_cost="99"), "images": [photo()]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 400 and "between" in res.content.decode()
    [kept] = DraftImage.objects.filter(draft__user=resident)
    thumb = f"/api/v1/ideas/drafts/{kept.draft_id}/images/{kept.pk}/?thumbnail=1"
    assert thumb in res.content.decode()
    assert 'value="99"' in res.content.decode()  # what was typed stays too

    # the retry sends no file: the photo kept with the draft goes with the idea
    res = client.post(page(cycle), form(categories, chkhari))
    idea = Idea.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/ideas/{idea.pk}/"
    assert IdeaImage.objects.filter(idea=idea).count() == 1
    assert not IdeaDraft.objects.exists() and not DraftImage.objects.exists()


def test_the_draft_photo_can_be_removed_before_submitting(
    client, resident, cycle, categories, chkhari
):
    client.force_login(resident)
    client.post(page(cycle), {**form(categories, chkhari, title=""), "images": [photo()]})
    kept = DraftImage.objects.get()
    res = client.post(page(cycle), {**form(categories, chkhari), "remove_image": str(kept.pk)})
    assert res.status_code == 302 and not DraftImage.objects.exists()
    assert not Idea.objects.exists()


def test_an_unfinished_idea_is_shown_again_the_next_day(client, resident, cycle, categories):
    client.force_login(resident)
    res = client.post(page(cycle), {"title": "Half-written", "save_draft": "1"})
    assert res.status_code == 302
    again = client.get(page(cycle), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="Half-written"' in again
    assert not Idea.objects.exists()


def test_a_draft_photo_is_private(
    client, api, resident, author, cycle, categories, chkhari, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):  # written on commit
        client.post(page(cycle), {**form(categories, chkhari, title=""), "images": [photo()]})
    kept = DraftImage.objects.get()
    url = f"/api/v1/ideas/drafts/{kept.draft_id}/images/{kept.pk}/?thumbnail=1"
    res = client.get(url)
    assert res.status_code == 200 and res["Content-Type"] == "image/jpeg"
    assert res["Cache-Control"].startswith("private")
    assert api(author).get(url).status_code == 404
    assert api().get(url).status_code in (401, 404)
    assert client.get(f"/media/{kept.image.name}").status_code == 404


# --- the API (the app, and the page's script) ---


def test_autosave_then_photos_then_submit(
    api, resident, cycle, categories, chkhari, django_capture_on_commit_callbacks
):
    me = api(resident)
    res = me.post(DRAFTS, {"cycle": cycle.pk, "data": {"title": "Lights"}}, format="json")
    assert res.status_code == 200, res.json()
    draft = res.json()
    assert draft["data"] == {"title": "Lights"} and draft["images"] == []

    again = me.post(DRAFTS, {"cycle": cycle.pk, "data": {"title": "Lights!"}}, format="json")
    assert again.json()["id"] == draft["id"]  # one draft per person and cycle, saved over

    url = f"{DRAFTS}{draft['id']}/"
    with django_capture_on_commit_callbacks(execute=True):
        res = me.post(f"{url}images/", {"images": [photo(size=(3000, 2000))]}, format="multipart")
    assert res.status_code == 200 and len(res.json()["images"]) == 1
    stored = me.get(res.json()["images"][0]["image"])
    with Image.open(io.BytesIO(b"".join(stored.streaming_content))) as img:
        assert max(img.size) == 1600 and "exif" not in img.info

    incomplete = me.post(f"{url}submit/")
    assert incomplete.status_code == 400 and "summary" in incomplete.json()["error"]["fields"]

    data = {**form(categories, chkhari), "title": "Lights!"}
    assert me.patch(url, {"data": data}, format="json").status_code == 200
    res = me.post(f"{url}submit/")
    assert res.status_code == 201, res.json()
    assert res.json()["title"] == "Lights!" and len(res.json()["images"]) == 1
    assert me.get(url).status_code == 404


def test_someone_elses_draft_is_404(api, resident, author, cycle):
    draft = api(resident).post(DRAFTS, {"cycle": cycle.pk, "data": {}}, format="json").json()
    other = api(author)
    assert other.get(f"{DRAFTS}{draft['id']}/").status_code == 404
    assert other.patch(f"{DRAFTS}{draft['id']}/", {"data": {}}, format="json").status_code == 404
    assert other.post(f"{DRAFTS}{draft['id']}/submit/").status_code == 404
    assert other.get(DRAFTS).json()["count"] == 0


def test_drafts_need_the_right_to_submit(api, outsider, cycle, phase):
    res = api(outsider).post(DRAFTS, {"cycle": cycle.pk, "data": {}}, format="json")
    assert res.status_code == 403
    assert api().post(DRAFTS, {"cycle": cycle.pk}, format="json").status_code == 401


@pytest.mark.parametrize(
    "data",
    [{"title": ["a list"]}, {"title": "x" * 10_001}, "not an object", {"title": True}],
)
def test_bad_draft_data_is_400(api, resident, cycle, data):
    res = api(resident).post(DRAFTS, {"cycle": cycle.pk, "data": data}, format="json")
    assert res.status_code == 400 and res.json()["error"]["code"] == "invalid"
    assert not IdeaDraft.objects.exists()


def test_a_nul_byte_in_a_draft_is_not_a_500(api, resident, cycle):
    res = api(resident).post(
        DRAFTS, {"cycle": cycle.pk, "data": {"title": "a\x00b"}}, format="json"
    )
    # refused whole by the API's parser (core.parsers), before the draft is read
    assert res.status_code == 400
    assert res.json()["error"]["message"] == "A NUL character is not allowed in a request."
