"""Photos of the works: checked with Pillow, re-encoded as JPEG without EXIF, with a thumbnail.

Re-encoding is the point: a phone photo carries the GPS position and camera of whoever took it;
the public page must not. It also means we never serve a file the client crafted.
"""

import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core import uploads as images
from core.errors import Invalid

MAX_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 6
FULL_SIDE = 1600
THUMB_SIZE = (320, 240)


def prepare(upload, field="photos") -> tuple[ContentFile, ContentFile]:
    """An uploaded file -> (full image, thumbnail) as clean JPEGs, or Invalid (400)."""
    bad = Invalid(fields={field: [_("Upload a JPEG, PNG or WebP photo up to 8 MB.")]})
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
        raise bad
    upload.seek(0)
    try:
        image, _fmt = images.decode(upload.read())
    except (images.NotAnImage, images.Damaged):
        raise bad from None
    image = images.upright(image, FULL_SIDE)
    thumb = images.shrunk(image, THUMB_SIZE)
    name = uuid.uuid4().hex
    return (
        ContentFile(images.encode(image, "JPEG", quality=82), name=f"{name}.jpg"),
        ContentFile(images.encode(thumb, "JPEG", quality=82), name=f"{name}-thumb.jpg"),
    )


def check_count(photos, field="photos"):
    if len(photos) > MAX_PHOTOS:
        raise Invalid(fields={field: [_("At most %(n)d photos per update.") % {"n": MAX_PHOTOS}]})
