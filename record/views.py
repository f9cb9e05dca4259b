from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cycles.models import Cycle
from cycles.services import has_role

from .labels import action_label, actor_label
from .models import Entry
from .sentences import object_label, sentences

PER_PAGE = 50


def cycle_record(request, pk):
    """The public record of a cycle: every decision a resident may see, filterable by action."""
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    is_organizer = has_role(request.user, cycle, "organizer")
    # organizers may also read the entries residents do not see (the admin shows them too)
    private = is_organizer and request.GET.get("all") == "1"
    entries = Entry.objects.of_cycle(cycle, include_private=private)
    actions = entries.actions()
    action = request.GET.get("action", "")
    if action in actions:
        entries = entries.filter(action=action)
    else:
        action = ""
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (
            entry,
            actor_label(entry.role, cycle.municipality),
            action_label(entry.action),
            object_label(entry),
            sentences(entry),
        )
        for entry in page
    ]
    return render(
        request,
        "record/cycle_record.html",
        {
            "cycle": cycle,
            "page": page,
            "rows": rows,
            "action": action,
            "is_organizer": is_organizer,
            "private": private,
            "actions": [(a, action_label(a)) for a in actions],
        },
    )
