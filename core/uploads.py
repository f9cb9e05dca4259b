"""Untrusted uploaded images, for every app that takes photos (ideas, proposals, implementation).

Pillow decodes them under a pixel limit (a small file can decompress into gigabytes) and
`verify()`s their structure; stored copies are re-encoded from pixels, so no metadata of the
original (EXIF GPS position, camera serial) survives and we never serve a file a client crafted.
Each app keeps its own limits and says no in its own words.
"""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000


class NotAnImage(Exception):
    """Not a JPEG, PNG or WebP image (or one too large to decode safely)."""


class Damaged(Exception):
    """Looks like an image but is truncated or corrupt."""


def decode(data: bytes) -> tuple[Image.Image, str]:
    """Bytes -> (loaded image, Pillow format name), or NotAnImage / Damaged."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in FORMATS:
                    raise NotAnImage(fmt)
                if probe.width * probe.height > MAX_PIXELS:
                    raise NotAnImage("too many pixels")
                probe.verify()  # truncated or corrupt files fail here; reopen afterwards
            img = Image.open(io.BytesIO(data))
            img.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotAnImage("undecodable") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise Damaged("corrupt") from None
    return img, fmt


def upright(img: Image.Image, max_side: int | None = None) -> Image.Image:
    """Turn the pixels as the camera meant (before EXIF is dropped), in a mode every format
    can store, scaled down to `max_side`."""
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    img.info.pop("exif", None)
    if max_side:
        img.thumbnail((max_side, max_side))
    return img


def shrunk(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    thumb = img.copy()
    thumb.thumbnail(size)
    return thumb


def encode(img: Image.Image, fmt: str, quality: int = 85) -> bytes:
    """Re-encode from pixels; no exif= argument, so nothing of the original's metadata is kept."""
    out = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
    elif fmt == "WEBP":
        img.save(out, "WEBP", quality=quality)
    else:
        img.save(out, "PNG", optimize=True)
    return out.getvalue()
