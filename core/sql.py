"""SQL for the hottest paths (a ballot): several tables written by ONE PostgreSQL statement,
and a row read without the ORM's query building.

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
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) SELECT v.* FROM {guard}, (VALUES {values}) v"
    return f"{sql} ON CONFLICT DO NOTHING" if on_conflict else sql


def insert(objs, *, guard: str, ignore_conflicts=False) -> tuple[str, list]:
    """(sql, params) inserting `objs` (one model) when the CTE `guard` has a row."""
    model = type(objs[0])
    fields = model._meta.local_concrete_fields
    params = [f.get_db_prep_save(getattr(o, f.attname), connection) for o in objs for f in fields]
    return _insert(model, len(objs), guard, "skip" if ignore_conflicts else ""), params


@lru_cache(maxsize=64)
def _select(model, where: str):
    """(sql, attnames, [(expression, converters)]): the converters the ORM would apply."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"SELECT {columns} FROM {table} WHERE {where}"
    converting = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converting.append((col, converters))
    return sql, tuple(f.attname for f in fields), converting


def one(model, where: str, params):
    """The first row of `model` WHERE `where` (SQL with %s) as the ORM would give it (its
    converters applied), without its query building: for the hottest reads."""
    sql, names, converting = _select(model, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (col, converters) in zip(row, converting, strict=True):
        for converter in converters:
            value = converter(value, col, connection)
        values.append(value)
    return model.from_db(connection.alias, names, values)
