"""Photos of the works: checked with Pillow, re-encoded as JPEG without EXIF, with a thumbnail.

Re-encoding is the point: a phone photo carries the GPS position and camera of whoever took it;
the public page must not. It also means we never serve a file the client crafted.
"""

import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civic_budget.errors import Invalid

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; anything larger is refused before decoding
MAX_PHOTOS = 6
FULL_SIZE = (1600, 1600)
THUMB_SIZE = (320, 240)
FORMATS = {"JPEG", "PNG", "WEBP"}


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif= argument: Pillow writes none, so nothing of the original's metadata survives.
    image.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


def prepare(upload, field="photos") -> tuple[ContentFile, ContentFile]:
    """An uploaded file -> (full image, thumbnail) as clean JPEGs, or Invalid (400)."""
    bad = Invalid(fields={field: [_("Upload a JPEG, PNG or WebP photo up to 8 MB.")]})
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise bad
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise bad
            probe.verify()  # structural check; the image must be reopened afterwards
        upload.seek(0)
        with Image.open(upload) as original:
            image = ImageOps.exif_transpose(original)  # keep the photo upright once EXIF is gone
            image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise bad
    image.thumbnail(FULL_SIZE)
    thumb = image.copy()
    thumb.thumbnail(THUMB_SIZE)
    name = uuid.uuid4().hex
    return (
        ContentFile(_encode(image), name=f"{name}.jpg"),
        ContentFile(_encode(thumb), name=f"{name}-thumb.jpg"),
    )


def check_count(photos, field="photos"):
    if len(photos) > MAX_PHOTOS:
        raise Invalid(fields={field: [_("At most %(n)d photos per update.") % {"n": MAX_PHOTOS}]})
