"""What of the record a resident may see: the public entries of one cycle."""

from .models import Entry


def public_entries(cycle, action=""):
    entries = Entry.objects.filter(cycle=cycle, public=True).order_by("at", "id")
    if action:
        entries = entries.filter(action=action)
    return entries


def actions_in(cycle) -> list[str]:
    """The actions a cycle's public record holds, for the filter's choices."""
    return sorted(
        Entry.objects.filter(cycle=cycle, public=True)
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )
