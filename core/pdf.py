"""Untrusted PDFs that other people (organizers, jurors) will open.

A PDF can carry JavaScript (document, page or annotation actions), launch actions, embedded
files and rich media, and its metadata names its author (blind review!). We refuse the ones
that carry active content, and rewrite the rest page by page into a new file without the
document catalog's extras (names, open actions, forms, outlines), without the Info dictionary
and without XMP metadata. Streams are copied as they are, never decoded, so a compressed bomb
costs nothing here.
"""

import io
import logging

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

log = logging.getLogger(__name__)

# keys (or /S and /Subtype values) that mean active or hidden content
ACTIVE = {
    "/JavaScript",
    "/JS",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/Launch",
    "/RichMedia",
    "/XFA",
    "/ImportData",
    "/SubmitForm",
}
PAGE_METADATA = ("/Metadata", "/PieceInfo", "/AA")
MAX_OBJECTS = 200_000  # a walk past this is a file built to keep us busy


class Refused(Exception):
    """Unreadable, encrypted, or carrying active content; `reason` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _active(root) -> bool:
    """Whether anything reachable from `root` is JavaScript, an embedded file or the like."""
    seen = set()
    stack = [root]
    count = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        count += 1
        if count > MAX_OBJECTS:
            raise Refused("too_complex")
        if isinstance(obj, DictionaryObject):  # streams are dictionaries too
            for name, value in obj.items():
                if name in ACTIVE:
                    return True
                if name in ("/S", "/Subtype", "/Type") and str(value) in ACTIVE:
                    return True
                if name == "/Parent":
                    continue  # the page tree is walked from the top
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


def clean(data: bytes) -> bytes:
    """A PDF's bytes -> the same pages without metadata or active content, or Refused."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("encrypted")
        if _active(reader.trailer["/Root"]):
            raise Refused("active_content")
        writer = PdfWriter()
        for page in reader.pages:
            added = writer.add_page(page)
            for key in PAGE_METADATA:
                added.pop(NameObject(key), None)
        if not len(writer.pages):
            raise Refused("no_pages")
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except Refused:
        raise
    except RecursionError as exc:
        raise Refused("too_complex") from exc
    except Exception as exc:  # noqa: BLE001 - a crafted file may break the parser anywhere
        log.info("unreadable PDF: %s", type(exc).__name__)
        raise Refused("unreadable") from exc
    return out.getvalue()
