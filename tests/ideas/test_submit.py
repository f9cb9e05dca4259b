import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ideas.models import Idea, IdeaImage
from tests import factories as f

from .conftest import photo

URL = "/api/v1/ideas/"


def test_resident_submits_an_idea_with_a_photo(api, resident, valid):
    res = api(resident).post(URL, {**valid, "images": [photo()]}, format="multipart")
    assert res.status_code == 201, res.json()
    body = res.json()
    assert body["title"] == "Street lights in Chkhari"
    assert body["status"] == "submitted" and body["channel"] == "app"
    assert body["estimated_cost"] == "18500.00"
    assert body["category"]["name"] == "Roads" and body["community"]["name"] == "Chkhari"
    assert body["author_name"] == "Alice" and body["is_mine"] is True
    assert len(body["images"]) == 1 and body["images"][0]["thumbnail"]
    idea = Idea.objects.get()
    assert idea.author == resident and str(idea.latitude) == "42.172400"


def test_stored_photos_lose_their_exif_and_get_a_small_thumbnail(
    api, resident, valid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        api(resident).post(URL, {**valid, "images": [photo()]}, format="multipart")
    stored = IdeaImage.objects.get()
    with Image.open(stored.image.path) as img:
        assert not img.getexif() and "exif" not in img.info
        assert img.format == "JPEG"
    with Image.open(stored.thumbnail.path) as thumb:
        assert max(thumb.size) <= 320


def test_png_and_webp_are_accepted(api, resident, valid):
    files = [photo("a.png", "PNG"), photo("b.webp", "WEBP")]
    res = api(resident).post(URL, {**valid, "images": files}, format="multipart")
    assert res.status_code == 201, res.json()
    assert len(res.json()["images"]) == 2


def test_submission_as_json_without_images_works(api, resident, valid):
    assert api(resident).post(URL, valid, format="json").status_code == 201


def test_submission_outside_the_phase_is_409_and_stores_nothing(api, resident, valid, cycle, phase):
    phase(cycle, "training")
    res = api(resident).post(URL, {**valid, "images": [photo()]}, format="multipart")
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "phase_closed"
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_a_resident_of_another_municipality_is_refused_with_a_clear_message(api, outsider, valid):
    res = api(outsider).post(URL, valid)
    assert res.status_code == 403
    assert res.json()["error"]["code"] == "forbidden"
    assert res.json()["error"]["message"] == "Only residents of this municipality may do this."
    assert not Idea.objects.exists()


def test_anonymous_submission_is_401(api, valid):
    res = api().post(URL, valid)
    assert res.status_code == 401 and res.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "   "}, "title"),
        ({"summary": None}, "summary"),
        ({"summary": "s" * 100_000}, "summary"),
        ({"description": "d" * 20_000}, "description"),
        ({"category": None}, "category"),
        ({"category": 999999}, "category"),
        ({"category": "roads"}, "category"),
        ({"category": [1, 2]}, "category"),
        ({"community": 999999}, "community"),
        ({"community": {"id": 1}}, "community"),
        ({"estimated_cost": "999.99"}, "estimated_cost"),
        ({"estimated_cost": "50000.01"}, "estimated_cost"),
        ({"estimated_cost": "cheap"}, "estimated_cost"),
        ({"estimated_cost": "1e400"}, "estimated_cost"),
        ({"estimated_cost": "12000.005"}, "estimated_cost"),
        ({"estimated_cost": "-5"}, "estimated_cost"),
        ({"beneficiaries": "b" * 501}, "beneficiaries"),
        ({"latitude": 48.85, "longitude": 2.35}, "latitude"),
        ({"latitude": 42.17, "longitude": 120.0}, "longitude"),
        ({"latitude": 42.17, "longitude": None}, "longitude"),
        ({"latitude": "north"}, "latitude"),
        ({"latitude": "NaN", "longitude": 42.7}, "latitude"),
        ({"latitude": "1e400", "longitude": 42.7}, "latitude"),
        ({"cycle": 999999}, "cycle"),
        ({"cycle": "abc"}, "cycle"),
        ({"images": "not-a-file"}, "images"),
    ],
)
def test_each_field_is_validated_with_a_400_in_the_error_shape(api, resident, valid, change, field):
    res = api(resident).post(URL, {**valid, **change}, format="json")
    assert res.status_code == 400, res.content
    error = res.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert any(key.split(".")[0] == field for key in error["fields"]), error
    assert not Idea.objects.exists()


def test_a_category_of_another_cycle_is_refused(api, resident, valid, vani):
    other = f.CategoryFactory(cycle=f.CycleFactory(municipality=vani))
    res = api(resident).post(URL, {**valid, "category": other.pk})
    assert res.status_code == 400 and "category" in res.json()["error"]["fields"]


def test_a_community_of_another_municipality_is_refused(api, resident, valid, vani):
    village = f.CommunityFactory(municipality=vani)
    res = api(resident).post(URL, {**valid, "community": village.pk})
    assert res.status_code == 400 and "community" in res.json()["error"]["fields"]


def test_a_text_file_renamed_jpg_is_refused(api, resident, valid):
    fake = SimpleUploadedFile("road.jpg", b"this is not a picture", content_type="image/jpeg")
    res = api(resident).post(URL, {**valid, "images": [fake]}, format="multipart")
    assert res.status_code == 400
    assert "images" in res.json()["error"]["fields"]
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_a_gif_is_refused(api, resident, valid):
    res = api(resident).post(URL, {**valid, "images": [photo("a.gif", "GIF")]}, format="multipart")
    assert res.status_code == 400 and "images" in res.json()["error"]["fields"]


def test_a_truncated_jpeg_is_refused(api, resident, valid):
    data = photo().read()[:400]
    broken = SimpleUploadedFile("half.jpg", data, content_type="image/jpeg")
    res = api(resident).post(URL, {**valid, "images": [broken]}, format="multipart")
    assert res.status_code == 400 and "images" in res.json()["error"]["fields"]


def test_more_than_five_images_are_refused(api, resident, valid):
    files = [photo(f"{i}.jpg", gps=False) for i in range(6)]
    res = api(resident).post(URL, {**valid, "images": files}, format="multipart")
    assert res.status_code == 400 and "images" in res.json()["error"]["fields"]
    assert not Idea.objects.exists()


def test_an_image_over_the_size_limit_is_refused(api, resident, valid):
    big = io.BytesIO()
    Image.effect_noise((2600, 2600), 100).convert("RGB").save(big, "PNG")
    assert big.tell() > 5 * 1024 * 1024
    upload = SimpleUploadedFile("big.png", big.getvalue(), content_type="image/png")
    res = api(resident).post(URL, {**valid, "images": [upload]}, format="multipart")
    assert res.status_code == 400 and "5 MB" in res.json()["error"]["fields"]["images"][0]


def test_the_per_author_limit_is_a_409(api, resident, valid, cycle):
    cycle.ideas_per_author = 2
    cycle.save()
    client = api(resident)
    assert client.post(URL, valid).status_code == 201
    assert client.post(URL, valid).status_code == 201
    res = client.post(URL, valid)
    assert res.status_code == 409 and "at most 2" in res.json()["error"]["message"]
    assert Idea.objects.count() == 2


def test_a_withdrawn_idea_does_not_count_against_the_limit(api, resident, valid, cycle):
    cycle.ideas_per_author = 1
    cycle.save()
    client = api(resident)
    first = client.post(URL, valid).json()["id"]
    assert client.delete(f"{URL}{first}/").status_code == 204
    assert client.post(URL, valid).status_code == 201


def test_a_limit_of_zero_means_no_limit(api, resident, valid, cycle):
    cycle.ideas_per_author = 0
    cycle.save()
    client = api(resident)
    for _ in range(5):
        assert client.post(URL, valid).status_code == 201


def test_a_decompression_bomb_is_refused(api, resident, valid):
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")
    assert bomb.tell() < 100_000  # tiny on disk, 100 megapixels in memory
    upload = SimpleUploadedFile("bomb.png", bomb.getvalue(), content_type="image/png")
    res = api(resident).post(URL, {**valid, "images": [upload]}, format="multipart")
    assert res.status_code == 400 and "images" in res.json()["error"]["fields"]
