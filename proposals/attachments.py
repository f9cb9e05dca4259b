"""Proposal attachments: PDFs (checked by their magic bytes) and images (opened by Pillow and
re-encoded, so no EXIF location survives). Anything else is refused before it is stored."""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from civic_budget.errors import Invalid

from .models import AttachmentKind

MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _refuse(message):
    raise Invalid(fields={"file": [message]})


def prepare(upload) -> tuple[ContentFile, str, str]:
    """-> (file to store, kind, display name), or Invalid saying what is accepted."""
    name = (getattr(upload, "name", "") or "file")[:150]
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
        _refuse(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    stem = get_valid_filename(name.rsplit(".", 1)[0])[:80] or "file"
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            _refuse(_("“%(name)s” is not a complete PDF file.") % {"name": name})
        return (
            ContentFile(data, name=f"{uuid.uuid4().hex[:8]}-{stem}.pdf"),
            AttachmentKind.PDF,
            name,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format
                if fmt not in IMAGE_FORMATS or img.width * img.height > MAX_PIXELS:
                    raise UnidentifiedImageError(fmt)
                img.load()
                out = io.BytesIO()
                if fmt == "JPEG":
                    img.convert("RGB").save(out, "JPEG", quality=88)
                elif fmt == "WEBP":
                    img.save(out, "WEBP", quality=88)
                else:
                    img.save(out, "PNG", optimize=True)
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        SyntaxError,
    ):
        _refuse(
            _("“%(name)s” is not a PDF or a JPEG, PNG or WebP image. Attach one of those.")
            % {"name": name}
        )
    ext = IMAGE_FORMATS[fmt]
    return (
        ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex[:8]}-{stem}.{ext}"),
        AttachmentKind.IMAGE,
        name,
    )
