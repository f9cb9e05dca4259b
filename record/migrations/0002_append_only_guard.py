"""The record is append-only in the database too, not only in Entry.save()/delete().

On PostgreSQL a trigger refuses UPDATE and DELETE of record_entry rows, so neither a raw query, a
queryset .update() nor a bulk delete can rewrite history. One UPDATE stays possible: setting
actor_id to NULL and nothing else, which is what deleting a user account does (SET_NULL).
TRUNCATE (test-database flushes) is not row-level and is not affected. SQLite: nothing to do.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION record_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.cycle_id, NEW.at, NEW.role, NEW.action, NEW.object_type,
            NEW.object_id, NEW.object_label, NEW.reason, NEW.data, NEW.public)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.cycle_id, OLD.at, OLD.role, OLD.action, OLD.object_type,
            OLD.object_id, OLD.object_label, OLD.reason, OLD.data, OLD.public) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'record entries are append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS record_entry_append_only ON record_entry;
CREATE TRIGGER record_entry_append_only
    BEFORE UPDATE OR DELETE ON record_entry
    FOR EACH ROW EXECUTE FUNCTION record_entry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS record_entry_append_only ON record_entry;
DROP FUNCTION IF EXISTS record_entry_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("record", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
