"""Django's `flush`, able to empty the record on SQLite.

On PostgreSQL flush runs TRUNCATE, which the row trigger guarding record_entry does not see.
SQLite has no TRUNCATE: flush deletes every row, and the append-only trigger would refuse. An
explicit flush of the whole database (tests, a developer's reset) is not a rewrite of history,
so on SQLite the DELETE trigger is lifted for the flush and put back as it was.
"""

from django.core.management.commands import flush
from django.db import connections

GUARD = "record_entry_append_only_delete"


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database", "default")]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [GUARD]
            )
            row = cursor.fetchone()
        if row is None:
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER {GUARD}")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(row[0])
