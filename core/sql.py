"""Rows of several tables written by ONE PostgreSQL statement, for the hottest writes (a ballot).

The ORM writes a table per statement; a ballot, its choices, the voter's flag and its receipt
would be four round trips inside BEGIN ... COMMIT (six in all). A data-modifying WITH does it in
one, in its own transaction when the caller is not in one. `inserts()` gives the parts: each
model's objects as `INSERT ... SELECT v.* FROM <guard>, (VALUES ...) v`, so that nothing is
written unless the guard (a CTE that locked or claimed something) returned a row. Values go
through each field's own `get_db_prep_save` and are cast to its column type, as the ORM would
send them; the objects must be complete (every column set, defaults already applied).
"""

from functools import lru_cache

from django.db import connection


@lru_cache(maxsize=64)
def _insert(model, rows: int, guard: str, on_conflict: str) -> str:
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    values = ", ".join([row] * rows)
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) SELECT v.* FROM {guard}, (VALUES {values}) v"
    return f"{sql} ON CONFLICT DO NOTHING" if on_conflict else sql


def insert(objs, *, guard: str, ignore_conflicts=False) -> tuple[str, list]:
    """(sql, params) inserting `objs` (one model) when the CTE `guard` has a row."""
    model = type(objs[0])
    fields = model._meta.local_concrete_fields
    params = [f.get_db_prep_save(getattr(o, f.attname), connection) for o in objs for f in fields]
    return _insert(model, len(objs), guard, "skip" if ignore_conflicts else ""), params
