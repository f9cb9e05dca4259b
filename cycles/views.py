from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods

from civic_budget import wiring
from core.errors import DomainError, ReasonRequired
from core.pages import flash_error

from . import services
from .models import Cycle, Municipality
from .permissions import cycle_action_required, may
from .phases import ENTERING, Phase


def next_step(cycle, user):
    """The one thing `user` should do now in `cycle` (decided by the app that knows them all)."""
    return import_string(wiring.NEXT_STEP)(cycle, user)


def home(request):
    municipalities = Municipality.objects.prefetch_related("cycles").order_by("name_ka")
    user = request.user
    mine = None
    if user.is_authenticated and user.municipality_id:
        # the resident's own cycle: the newest one under way
        mine = (
            Cycle.objects.filter(municipality_id=user.municipality_id)
            .exclude(phase=Phase.DRAFT)
            .select_related("municipality")
            .order_by("-year")
            .first()
        )
    elif not user.is_authenticated:
        # a visitor: each cycle leads with what anyone may start by (no query: no one to ask about)
        municipalities = list(municipalities)
        for m in municipalities:
            for c in m.cycles.all():
                c.step = next_step(c, None)
    return render(
        request,
        "cycles/home.html",
        {
            "municipalities": municipalities,
            "my_cycle": mine,
            "step": next_step(mine, user) if mine else None,
        },
    )


def cycle_detail(request, pk):
    cycle = get_object_or_404(
        Cycle.objects.select_related("municipality").prefetch_related("transitions"), pk=pk
    )
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "timeline": cycle.timeline(),
            "step": next_step(cycle, request.user),
            "actions": services.allowed_actions(cycle, request.user),
            "is_organizer": services.has_role(request.user, cycle, "organizer"),
            "may_advance": may(request.user, cycle, "edit_cycle") and cycle.next_phase,
            "next_phase_label": Phase(cycle.next_phase).label if cycle.next_phase else "",
            "transitions": cycle.transitions.select_related("by"),
        },
    )


@cycle_action_required("edit_cycle")
@require_http_methods(["GET", "POST"])
def cycle_advance(request, pk, cycle):
    """Moving to the next phase cannot be undone: the page says first which phase comes and
    what is left unfinished, and asks for a reason where one is needed."""
    to = cycle.next_phase
    if not to:
        return redirect("cycle-detail", pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.advance(
                cycle=cycle,
                to=request.POST.get("to", ""),
                by=request.user,
                reason=request.POST.get("reason", "").strip(),
            )
        except ReasonRequired as exc:
            error = exc.fields["reason"][0]
        except DomainError as exc:
            flash_error(request, exc)
            return redirect("cycle-detail", pk=pk)
        else:
            messages.success(request, cycle.get_phase_display())
            return redirect("cycle-detail", pk=pk)
    items = services.unfinished(cycle, to)
    return render(
        request,
        "cycles/advance_confirm.html",
        {
            "cycle": cycle,
            "to": to,
            "to_label": Phase(to).label,
            "entering": ENTERING.get(to, ""),
            "unfinished": items,
            "reason_required": any(item.needs_reason for item in items),
            "reason": request.POST.get("reason", ""),
            "error": error,
        },
    )
