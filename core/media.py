"""Serving uploaded files from the app itself, whatever DEBUG says, so one gunicorn behind any
proxy shows every photo (the front server may serve the public folders directly as a shortcut:
deploy/Caddyfile).

Public media (idea and implementation photos) are answered here with a streamed FileResponse,
long caching (names are random and never reused) and `nosniff`. Private folders
(core.storage.PRIVATE_PREFIXES) are never answered here: their files go through a view that
checks the reader (`file_response` below, used by proposals). Names come from the URL, so they
are checked before they reach the storage: no `..`, no absolute path, no NUL, no backslash.
"""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponseNotModified, HttpResponseRedirect
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .storage import PRIVATE_PREFIXES, is_local, public_storage

PUBLIC_CACHE = "public, max-age=2592000, immutable"  # 30 days; a stored name never changes
PRIVATE_CACHE = "private, max-age=300"
# what may be shown inline; anything else is downloaded, never rendered by the browser
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def clean_name(path: str) -> str:
    """A storage name from a URL path, or Http404 for anything that could leave MEDIA_ROOT."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        raise Http404()
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise Http404()
    name = posixpath.normpath(path)
    if name != path:
        raise Http404()
    return name


def file_response(request, storage, name, *, cache_control, filename=None):
    """Stream a stored file (or redirect to the object store's own, possibly signed, URL)."""
    if not is_local(storage):
        # S3: the storage gives a URL (signed and short-lived for private objects)
        response = HttpResponseRedirect(storage.url(name))
        response.headers["Cache-Control"] = "private, no-store"
        return response
    try:
        if not storage.exists(name):
            raise Http404()
        handle = storage.open(name, "rb")
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404() from None
    try:
        modified = storage.get_modified_time(name).timestamp()
    except (OSError, NotImplementedError, ValueError):
        modified = None  # not on disk yet: its transaction has not committed (tests only)
    if modified and not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        handle.close()
        response = HttpResponseNotModified()
    else:
        content_type, _encoding = mimetypes.guess_type(name)
        content_type = content_type or "application/octet-stream"
        inline = content_type in INLINE_TYPES
        response = FileResponse(
            handle,  # FileResponse streams and closes it
            content_type=content_type if inline else "application/octet-stream",
            as_attachment=not inline,
            filename=filename or posixpath.basename(name),
        )
        if modified:
            response.headers["Last-Modified"] = http_date(modified)
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    # a stored file is data, never a page: nothing in it may run or load
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    return response


@require_safe
def serve(request, path):
    """GET /media/<name>: a public upload, for everyone."""
    name = clean_name(path)
    if name.startswith(PRIVATE_PREFIXES):
        raise Http404()
    storage = public_storage()
    if not is_local(storage):
        return HttpResponseRedirect(storage.url(name))
    return file_response(request, storage, name, cache_control=PUBLIC_CACHE)
