"""Idea photos: only real JPEG, PNG or WebP images, re-encoded so no metadata (EXIF GPS,
camera serials) survives, plus a small thumbnail for lists on slow village connections."""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civic_budget.errors import Invalid

MAX_IMAGES = 5
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 5 MB file can still decompress into gigabytes
MAX_SIDE = 2000  # stored images are scaled down to this: enough for a photo of a road
THUMB_SIDE = 320
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass
class Prepared:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _refuse(message):
    raise Invalid(fields={"images": [message]})


def _encode(img, fmt) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        img.save(out, "WEBP", quality=85)
    else:
        img.save(out, "PNG", optimize=True)
    return out.getvalue()


def prepare(upload) -> Prepared:
    """Check one uploaded file is an allowed image and re-encode it without metadata."""
    name = getattr(upload, "name", "") or "image"
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        _refuse(_("“%(name)s” is larger than 5 MB.") % {"name": name})
    try:
        upload.seek(0)
        data = upload.read()
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in FORMATS:
                    raise UnidentifiedImageError(fmt)
                if probe.width * probe.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                probe.verify()  # truncated or corrupt files fail here
            img = Image.open(io.BytesIO(data))
            img.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": name})
    except (OSError, ValueError, SyntaxError, EOFError):
        _refuse(_("“%(name)s” is damaged or not an image.") % {"name": name})

    # turn the pixels upright as the camera meant, then drop the metadata by re-encoding
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    img.info.pop("exif", None)
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    ext = FORMATS[fmt]
    stem = uuid.uuid4().hex
    thumb = img.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return Prepared(
        image=ContentFile(_encode(img, fmt), name=f"{stem}.{ext}"),
        thumbnail=ContentFile(_encode(thumb, fmt), name=f"{stem}-thumb.{ext}"),
        width=img.width,
        height=img.height,
    )


def prepare_all(uploads, *, already=0) -> list[Prepared]:
    """Validate every upload before anything is stored: one bad file refuses the whole request."""
    uploads = [u for u in (uploads or []) if u]
    if already + len(uploads) > MAX_IMAGES:
        _refuse(_("An idea can have at most %(n)d images.") % {"n": MAX_IMAGES})
    return [prepare(u) for u in uploads]
