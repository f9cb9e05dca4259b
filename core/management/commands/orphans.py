"""List (and with --delete remove) uploaded files that no database row references.

Files are written when their transaction commits (core.storage), so new orphans should not
appear; this finds the ones left by older versions, by crashes between commit and write, or by
rows deleted by hand. Files younger than --min-age minutes are left alone: a write outside a
transaction saves the file a moment before its row.
"""

import datetime

from django.apps import apps
from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone


def referenced() -> dict:
    """{storage alias or object: set of names} over every FileField of every model."""
    names = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                storage = field.storage
                values = model._default_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                names.setdefault(_key(storage), set()).update(v for v in values.iterator() if v)
    return names


def _key(storage):
    """Two storages over the same place count as one (local: default and private share it)."""
    return (str(getattr(storage, "location", "")), str(getattr(storage, "bucket_name", "") or ""))


def walk(storage, folder=""):
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in dirs:
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = "List uploaded files that no row references; --delete removes them."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove them too")
        parser.add_argument(
            "--min-age", type=int, default=60, help="leave files younger than this (minutes)"
        )

    def handle(self, *args, delete=False, min_age=60, **options):
        wanted = referenced()
        cutoff = timezone.now() - datetime.timedelta(minutes=min_age)
        seen, found = set(), 0
        for alias in ("default", "private"):
            storage = storages[alias]
            key = _key(storage)
            if key in seen:
                continue
            seen.add(key)
            known = set().union(*(v for k, v in wanted.items() if k == key))
            try:
                names = sorted(walk(storage))
            except FileNotFoundError:
                continue  # nothing uploaded yet
            for name in names:
                if name in known:
                    continue
                try:
                    if storage.get_modified_time(name) > cutoff:
                        continue
                except (OSError, NotImplementedError):
                    pass
                found += 1
                self.stdout.write(f"{alias}\t{name}")
                if delete:
                    storage.delete(name)
        verb = "removed" if delete else "found"
        self.stderr.write(f"{found} orphan file(s) {verb}")
