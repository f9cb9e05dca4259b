"""Write helpers every app's services share."""

from django.db import models


def plain(value):
    """A value as the public record stores it in JSON: numbers and amounts as text, objects by id."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (bool, int, str, type(None))):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def model_update(instance, data: dict, fields) -> dict:
    """Set the `fields` of `instance` that `data` names, save the ones that changed, and return
    the changes as {field: {"from": old, "to": new}} for the public record ({} if none).

    Only `fields` are ever written, whatever else `data` carries: a client cannot reach a field
    the caller did not list. The caller holds the row lock and the transaction."""
    changes = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if old != new:
            changes[field] = {"from": plain(old), "to": plain(new)}
            setattr(instance, field, new)
    if changes:
        instance.save(update_fields=[*changes, *_auto_now(instance)])
    return changes


def _auto_now(instance):
    return [f.name for f in instance._meta.fields if getattr(f, "auto_now", False)]
