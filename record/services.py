"""The public record: every service that decides something about money or eligibility calls log()."""

from .models import Entry


def role_of(actor, cycle) -> str:
    if actor is None:
        return "system"
    if cycle is not None and actor.is_organizer_of(cycle.municipality_id):
        return "organizer"
    if actor.is_staff:
        return "staff"
    return "resident"


def log(*, cycle, actor, action, obj=None, reason="", data=None, public=True, role=None) -> Entry:
    """Append one entry; call it inside the service's transaction so both commit or neither."""
    return Entry.objects.create(
        cycle=cycle,
        actor=actor,
        role=role or role_of(actor, cycle),
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:300] if obj is not None else "",
        reason=reason or "",
        data=data or {},
        public=public,
    )
