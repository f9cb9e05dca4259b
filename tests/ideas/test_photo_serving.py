"""With DEBUG=0 (as docker-compose runs) the app itself answers every photo URL."""

import io

import pytest
from django.urls import resolve
from PIL import Image

from ideas.models import IdeaImage

from .conftest import photo


@pytest.fixture
def served(api, resident, valid, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = False
    with django_capture_on_commit_callbacks(execute=True):
        res = api(resident).post(
            "/api/v1/ideas/", {**valid, "images": [photo()]}, format="multipart"
        )
    assert res.status_code == 201, res.json()
    return res.json()["images"][0]


def test_an_uploaded_photo_and_its_thumbnail_are_served_with_debug_off(client, served):
    for url in (served["image"], served["thumbnail"]):
        res = client.get(url)
        assert res.status_code == 200
        assert res["Content-Type"] == "image/jpeg"
        assert res["X-Content-Type-Options"] == "nosniff"
        assert "max-age=2592000" in res["Cache-Control"] and "public" in res["Cache-Control"]
        assert res["Last-Modified"]
        with Image.open(io.BytesIO(b"".join(res.streaming_content))) as img:
            assert img.format == "JPEG" and "exif" not in img.info


def test_an_unchanged_photo_answers_304(client, served):
    first = client.get(served["thumbnail"])
    again = client.get(served["thumbnail"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_the_idea_page_shows_the_thumbnail_that_is_served(client, served):
    idea_image = IdeaImage.objects.get()
    page = client.get(f"/ideas/{idea_image.idea_id}/").content.decode()
    assert idea_image.thumbnail.url in page
    assert client.get(idea_image.thumbnail.url).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/../civic_budget/settings.py",
        "/media/%2e%2e/civic_budget/settings.py",
        "/media/ideas/../../manage.py",
        "/media//etc/passwd",
        "/media/ideas/%00.jpg",
        "/media/ideas\\..\\x.jpg",
        "/media/",
        "/media/ideas/1/2/missing.jpg",
    ],
)
def test_nothing_outside_the_uploads_is_reachable(client, served, path):
    # a NUL byte is refused before any view (core.middleware.RefuseNulMiddleware)
    assert client.get(path).status_code == (400 if "%00" in path else 404)


def test_media_urls_do_not_depend_on_debug():
    assert resolve("/media/ideas/1/2/x.jpg").url_name == "media"
