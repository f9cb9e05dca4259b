"""SQL for the hottest paths (a ballot): several tables written by ONE PostgreSQL statement,
and a row read without the ORM's query building.

The ORM writes a table per statement; a ballot, its choices, the voter's flag and its receipt
would be four round trips inside BEGIN ... COMMIT (six in all). A data-modifying WITH does it in
one, in its own transaction when the caller is not in one. `inserts()` gives the parts: each
model's objects as `INSERT ... SELECT v.* FROM <guard>, (VALUES ...) v`, so that nothing is
written unless the guard (a CTE that locked or claimed something) returned a row. Values are
sent as the ORM would send them (each field's own `get_db_prep_save`, skipped where it would
give the value back unchanged) and cast to the column's type; the objects must be complete
(every column set, defaults already applied).
"""

import uuid
from datetime import datetime
from functools import lru_cache

from django.db import connection, models


@lru_cache(maxsize=64)
def _insert(model, rows: int, guard: str, on_conflict: str) -> str:
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    values = ", ".join([row] * rows)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) SELECT v.* FROM {guard}, (VALUES {values}) v"
    return f"{sql} ON CONFLICT DO NOTHING" if on_conflict else sql


# The fields whose `get_db_prep_save` on PostgreSQL gives a value of one Python type back
# unchanged, or wrapped in the driver's integer type (exact classes: a subclass may prepare
# differently). Any other field or value goes through the field; tests/test_sql.py compares
# both for every field of the tables a ballot writes.
_INTEGERS = {
    models.BigIntegerField,
    models.IntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
}
_AS_IS = {
    models.CharField: str,
    models.TextField: str,
    models.BooleanField: bool,
    models.UUIDField: uuid.UUID,
}


def _shortcut(field):
    """(type, wrap) when a value of exactly `type` is sent as wrap(value), or None."""
    if connection.vendor != "postgresql":  # SQLite sends times and UUIDs as text
        return None
    if type(field) is models.ForeignKey:
        field = field.target_field
    kind = type(field)
    if kind in _INTEGERS:
        types = getattr(connection.ops, "integerfield_type_map", {})  # psycopg 3's Int2/4/8
        return int, types.get(field.get_internal_type())
    if kind is models.DateTimeField:
        return datetime, None  # an aware one: a naive one goes through the field (it warns)
    return (_AS_IS[kind], None) if kind in _AS_IS else None


@lru_cache(maxsize=64)
def _preparing(model):
    return tuple((f.attname, f, _shortcut(f)) for f in model._meta.local_concrete_fields)


def _prepared(value, field, shortcut):
    if value is None:
        return None
    if shortcut is not None and type(value) is shortcut[0]:
        kind, wrap = shortcut
        if kind is not datetime or value.tzinfo is not None:
            return value if wrap is None else wrap(value)
    return field.get_db_prep_save(value, connection)


def insert(objs, *, guard: str, ignore_conflicts=False) -> tuple[str, list]:
    """(sql, params) inserting `objs` (one model) when the CTE `guard` has a row."""
    model = type(objs[0])
    preparing = _preparing(model)
    params = [_prepared(getattr(o, name), f, cut) for o in objs for name, f, cut in preparing]
    return _insert(model, len(objs), guard, "skip" if ignore_conflicts else ""), params


@lru_cache(maxsize=64)
def _columns(model, alias: str):
    """(`alias.col, ...`, attnames, [(column, converters)]): the converters the ORM would apply."""
    fields = model._meta.concrete_fields
    columns = ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields)
    converting = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converting.append((col, converters))
    return columns, tuple(f.attname for f in fields), tuple(converting)


def _instance(model, alias, row, start):
    """The instance of `model` in `row` from `start` (None where a LEFT JOIN found none)."""
    _columns_sql, names, converting = _columns(model, alias)
    values = []
    for value, (col, converters) in zip(row[start : start + len(names)], converting, strict=True):
        for converter in converters:
            value = converter(value, col, connection)
        values.append(value)
    if values[names.index(model._meta.pk.attname)] is None:
        return None
    return model.from_db(connection.alias, names, values)


def joined(parts, tail: str, params) -> tuple | None:
    """The first row of `SELECT <each model's columns> <tail>` as one ORM instance per
    (model, alias) of `parts`, each None where a LEFT JOIN found no row; None when there is no
    row at all. Several rows a request needs in one round trip (issue 18: a ballot's voter)."""
    sql = "SELECT " + ", ".join(_columns(m, a)[0] for m, a in parts) + " " + tail
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    out, start = [], 0
    for model, alias in parts:
        out.append(_instance(model, alias, row, start))
        start += len(model._meta.concrete_fields)
    return tuple(out)


def one(model, where: str, params):
    """The first row of `model` WHERE `where` (SQL with %s) as the ORM would give it (its
    converters applied), without its query building: for the hottest reads."""
    table = connection.ops.quote_name(model._meta.db_table)
    found = joined(((model, table),), f"FROM {table} WHERE {where}", params)
    return None if found is None else found[0]
