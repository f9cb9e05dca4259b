"""What of the record a resident may see: the public entries of one cycle."""

from .models import Entry


def public_entries(cycle, action="", *, include_private=False):
    """A cycle's entries, oldest first; non-public ones only for its organizers (`include_private`)."""
    entries = Entry.objects.filter(cycle=cycle).order_by("at", "id")
    if not include_private:
        entries = entries.filter(public=True)
    if action:
        entries = entries.filter(action=action)
    return entries


def actions_in(cycle, *, include_private=False) -> list[str]:
    """The actions a cycle's record holds, for the filter's choices."""
    return sorted(
        public_entries(cycle, include_private=include_private)
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )
