"""Where uploads are kept: files written only when the database transaction that owns them
commits, on the local disk (one machine) or in S3-compatible object storage (many machines).

Two storages (settings.STORAGES): "default" for public media (idea and implementation photos)
and "private" for proposal attachments, which are served only through a view that checks who is
asking (proposals.views.attachment_file): on disk the media view refuses their folder, in S3 they
are private objects reached through short-lived signed URLs.

Why on commit: a service writes the file while it creates the row, inside `transaction.atomic()`.
If the transaction rolls back (a limit reached, a race lost), the row is gone but the file
stayed, an orphan nobody can see or delete. Here the bytes wait beside the transaction and are
written by `on_commit`; until then the same storage can read them (Django reads an image's
dimensions right after saving it). A rollback drops the `on_commit` callback, and with it the
only strong reference to the pending bytes, so nothing is written and nothing leaks.
Deletions likewise wait for the commit, so a rolled-back removal keeps its file.
"""

import logging
import weakref

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage

log = logging.getLogger(__name__)

# upload_to folders whose files are private (served only by a checking view)
PRIVATE_PREFIXES = ("proposals/", "drafts/")


class _Pending:
    __slots__ = ("data", "cancelled", "__weakref__")

    def __init__(self, data: bytes):
        self.data = data
        self.cancelled = False


class OnCommitMixin:
    """Defers `_save` and `delete` to the commit of the current transaction (if any)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pending = weakref.WeakValueDictionary()

    def _save(self, name, content):
        if not transaction.get_connection().in_atomic_block:
            return super()._save(name, content)
        content.seek(0)
        pending = _Pending(content.read())
        self._pending[name] = pending

        def write():
            if pending.cancelled:
                return
            try:
                super(OnCommitMixin, self)._save(name, ContentFile(pending.data))
            finally:
                self._pending.pop(name, None)

        transaction.on_commit(write, robust=True)
        return name

    def _open(self, name, mode="rb"):
        pending = self._pending.get(name)
        if pending is not None and not pending.cancelled:
            return ContentFile(pending.data, name=name)
        return super()._open(name, mode)

    def exists(self, name):
        pending = self._pending.get(name)
        return (pending is not None and not pending.cancelled) or super().exists(name)

    def size(self, name):
        pending = self._pending.get(name)
        if pending is not None and not pending.cancelled:
            return len(pending.data)
        return super().size(name)

    def delete(self, name):
        if transaction.get_connection().in_atomic_block:
            # after the write, if both are in this transaction; dropped with a rolled-back
            # savepoint, so the file stays as long as its row does
            transaction.on_commit(lambda: super(OnCommitMixin, self).delete(name), robust=True)
            return
        pending = self._pending.get(name)
        if pending is not None:
            pending.cancelled = True
        super().delete(name)


class MediaStorage(OnCommitMixin, FileSystemStorage):
    """Uploads on the local disk (MEDIA_ROOT), public ones served by core.media.serve."""


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used (and again after STORAGES changes), as
    Django's `default_storage` is for "default"."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT", "MEDIA_URL"):
        _private._wrapped = empty


def private_storage():
    """The storage of private files (a callable, so migrations do not freeze the choice)."""
    return _private


def public_storage():
    return default_storage


def is_local(storage) -> bool:
    """Files on this machine's disk (served by core.media), not in an object store."""
    return isinstance(storage, FileSystemStorage)


class S3MediaStorage(OnCommitMixin, S3Storage):
    """S3-compatible object storage (AWS, MinIO, Hetzner, ...), with the same on-commit writes."""


class S3PrivateStorage(S3MediaStorage):
    """Private objects: never public-read, reached by signed URLs that expire."""
