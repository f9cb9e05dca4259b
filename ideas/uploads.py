"""Idea photos: only real JPEG, PNG or WebP images, re-encoded so no metadata (EXIF GPS,
camera serials) survives, plus a small thumbnail for lists on slow village connections."""

import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core import uploads as images
from core.errors import Invalid

MAX_IMAGES = 5
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600  # stored images are scaled down to this (as the page's script does)
THUMB_SIDE = 320


@dataclass
class Prepared:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _refuse(message):
    raise Invalid(fields={"images": [message]})


def prepare(upload) -> Prepared:
    """Check one uploaded file is an allowed image and re-encode it without metadata."""
    name = getattr(upload, "name", "") or "image"
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        _refuse(_("“%(name)s” is larger than 5 MB.") % {"name": name})
    upload.seek(0)
    try:
        img, fmt = images.decode(upload.read())
    except images.NotAnImage:
        _refuse(_("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": name})
    except images.Damaged:
        _refuse(_("“%(name)s” is damaged or not an image.") % {"name": name})
    img = images.upright(img, MAX_SIDE)
    thumb = images.shrunk(img, (THUMB_SIDE, THUMB_SIDE))
    ext = images.FORMATS[fmt]
    stem = uuid.uuid4().hex
    return Prepared(
        image=ContentFile(images.encode(img, fmt), name=f"{stem}.{ext}"),
        thumbnail=ContentFile(images.encode(thumb, fmt), name=f"{stem}-thumb.{ext}"),
        width=img.width,
        height=img.height,
    )


def prepare_all(uploads, *, already=0) -> list[Prepared]:
    """Validate every upload before anything is stored: one bad file refuses the whole request."""
    uploads = [u for u in (uploads or []) if u]
    if already + len(uploads) > MAX_IMAGES:
        _refuse(_("An idea can have at most %(n)d images.") % {"n": MAX_IMAGES})
    return [prepare(u) for u in uploads]
