"""Proposal attachments: PDFs (rewritten without metadata, refused with JavaScript or embedded
files: core.pdf) and images (opened by Pillow and re-encoded, so no EXIF location survives).
Anything else is refused before it is stored."""

import uuid

from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from core import pdf
from core import uploads as images
from core.errors import Invalid

from .models import AttachmentKind

MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10


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
        # jurors open it: rewritten without metadata (the author's name), refused if active
        try:
            data = pdf.clean(data)
        except pdf.Refused as exc:
            if exc.reason == "active_content":
                _refuse(
                    _(
                        "“%(name)s” contains JavaScript or embedded files. Save it again as a "
                        "plain PDF (print to PDF) and attach that."
                    )
                    % {"name": name}
                )
            _refuse(
                _("“%(name)s” cannot be read as a PDF (damaged or password-protected).")
                % {"name": name}
            )
        return (
            ContentFile(data, name=f"{uuid.uuid4().hex[:8]}-{stem}.pdf"),
            AttachmentKind.PDF,
            name,
        )
    try:
        img, fmt = images.decode(data)
    except (images.NotAnImage, images.Damaged):
        _refuse(
            _("“%(name)s” is not a PDF or a JPEG, PNG or WebP image. Attach one of those.")
            % {"name": name}
        )
    out = images.encode(images.upright(img), fmt, quality=88)
    ext = images.FORMATS[fmt]
    return (
        ContentFile(out, name=f"{uuid.uuid4().hex[:8]}-{stem}.{ext}"),
        AttachmentKind.IMAGE,
        name,
    )
