"""The record is append-only on SQLite too: triggers refuse UPDATE and DELETE of record_entry
rows, as 0002's trigger does on PostgreSQL. The one UPDATE allowed is the same: setting
actor_id to NULL and nothing else (deleting a user account, SET_NULL).

SQLite drops a table's triggers when a migration rebuilds the table (most ALTERs): a later
migration that alters record_entry must create these again (tests/ops/test_record_guard.py
fails if it does not). `manage.py flush` lifts the DELETE trigger for its own statement
(record/management/commands/flush.py), as TRUNCATE passes PostgreSQL's row trigger.
"""

from django.db import migrations

COLUMNS = (
    "id", "cycle_id", "at", "role", "action", "object_type", "object_id", "object_label",
    "reason", "data", "public",
)  # fmt: skip
UNCHANGED = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in COLUMNS)

CREATE = [
    f"""
    CREATE TRIGGER record_entry_append_only_update BEFORE UPDATE ON record_entry
    WHEN NOT (NEW.actor_id IS NULL AND {UNCHANGED})
    BEGIN SELECT RAISE(ABORT, 'record entries are append-only (UPDATE refused)'); END
    """,
    """
    CREATE TRIGGER record_entry_append_only_delete BEFORE DELETE ON record_entry
    BEGIN SELECT RAISE(ABORT, 'record entries are append-only (DELETE refused)'); END
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS record_entry_append_only_update",
    "DROP TRIGGER IF EXISTS record_entry_append_only_delete",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in CREATE:
            schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("record", "0002_append_only_guard"),
    ]

    operations = [migrations.RunPython(create, drop)]
