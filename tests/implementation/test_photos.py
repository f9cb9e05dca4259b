"""Photos are checked with Pillow, re-encoded without EXIF (no GPS, no camera) and thumbnailed."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from implementation.models import Photo, Update

from .conftest import gps_exif, jpeg


def upload(api, user, project, files, **extra):
    data = {"status": "in_progress", "spent": "100", "text_ka": "ფოტოები", "photos": files, **extra}
    return api(user).post(f"/api/v1/funded/{project.pk}/updates/", data, format="multipart")


def test_a_photo_is_stored_without_exif_and_with_a_thumbnail(
    api, organizer, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        res = upload(api, organizer, project, [jpeg((2400, 1800), exif=gps_exif())])

    assert res.status_code == 201, res.content
    [shown] = res.json()["photos"]
    assert shown["image"].endswith(".jpg") and shown["thumbnail"].endswith("-thumb.jpg")
    photo = Photo.objects.get()
    with Image.open(photo.image.path) as full:
        assert full.format == "JPEG"
        assert max(full.size) == 1600
        assert not full.getexif() and "exif" not in full.info
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.width <= 320 and thumb.height <= 240
        assert not thumb.getexif()


def test_png_and_webp_are_accepted_as_jpeg(api, organizer, project):
    files = []
    for fmt in ("PNG", "WEBP"):
        buf = io.BytesIO()
        Image.new("RGBA", (300, 200), (200, 10, 10, 128)).save(buf, format=fmt)
        files.append(SimpleUploadedFile(f"p.{fmt.lower()}", buf.getvalue()))
    assert upload(api, organizer, project, files).status_code == 201
    assert Photo.objects.count() == 2


def test_a_file_that_is_not_an_image_is_400_and_nothing_is_saved(api, organizer, project):
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg")
    res = upload(api, organizer, project, [jpeg(), fake])
    assert res.status_code == 400 and "photos" in res.json()["error"]["fields"]
    assert not Update.objects.exists() and not Photo.objects.exists()


def test_a_gif_is_refused(api, organizer, project):
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, format="GIF")
    res = upload(api, organizer, project, [SimpleUploadedFile("a.gif", buf.getvalue())])
    assert res.status_code == 400


def test_at_most_six_photos_per_update(api, organizer, project):
    res = upload(api, organizer, project, [jpeg((60, 40)) for _ in range(7)])
    assert res.status_code == 400
    assert not Update.objects.exists()


def test_the_page_form_uploads_photos_too(organizer, project):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    photo = SimpleUploadedFile("roof.jpg", jpeg(exif=gps_exif()).getvalue(), "image/jpeg")
    res = client.post(
        f"/funded/{project.pk}/update/",
        {"status": "in_progress", "spent": "2500", "text_en": "Roof works", "photos": [photo]},
    )
    assert res.status_code == 302
    page = client.get(f"/funded/{project.pk}/").content.decode()
    assert "Roof works" in page and 'class="thumb"' in page
