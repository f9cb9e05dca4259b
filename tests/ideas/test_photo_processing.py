"""Without the page's script the server still makes photos small: at most 1600 px, turned as
the camera meant (EXIF orientation), with no EXIF (GPS) left."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ideas.models import IdeaImage


def phone_photo(size, orientation=None):
    img = Image.new("RGB", size, (200, 30, 30))
    img.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (42.0, 11.0, 0.0)}  # GPSInfo
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return SimpleUploadedFile("phone.jpg", out.getvalue(), content_type="image/jpeg")


def stored(api, resident, valid, photo, capture):
    with capture(execute=True):
        res = api(resident).post("/api/v1/ideas/", {**valid, "images": [photo]}, format="multipart")
    assert res.status_code == 201, res.json()
    image = IdeaImage.objects.get()
    return Image.open(image.image.path), image


def test_a_large_photo_is_shrunk_to_1600_px(
    api, resident, valid, django_capture_on_commit_callbacks
):
    img, row = stored(
        api, resident, valid, phone_photo((4000, 3000)), django_capture_on_commit_callbacks
    )
    assert img.size == (1600, 1200) and (row.width, row.height) == (1600, 1200)
    assert not img.getexif() and "exif" not in img.info


def test_a_photo_taken_sideways_is_turned_upright(
    api, resident, valid, django_capture_on_commit_callbacks
):
    # stored 400 x 300 with "rotate 90° clockwise to show": upright it is 300 wide, 400 high
    img, _row = stored(
        api,
        resident,
        valid,
        phone_photo((400, 300), orientation=6),
        django_capture_on_commit_callbacks,
    )
    assert img.size == (300, 400)
    top = img.convert("RGB").getpixel((150, 10))
    assert top[2] > 150 and top[0] < 100  # the blue half is now on top
    assert not img.getexif()
