from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.pages import flash_error

from . import services
from .models import Cycle, Municipality
from .permissions import cycle_action_required, may


def home(request):
    municipalities = Municipality.objects.prefetch_related("cycles").order_by("name_ka")
    return render(request, "cycles/home.html", {"municipalities": municipalities})


def cycle_detail(request, pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "actions": services.allowed_actions(cycle, request.user),
            "is_organizer": services.has_role(request.user, cycle, "organizer"),
            "may_advance": may(request.user, cycle, "edit_cycle") and cycle.next_phase,
            "transitions": cycle.transitions.select_related("by"),
        },
    )


@cycle_action_required("edit_cycle")
@require_POST
def cycle_advance(request, pk, cycle):
    try:
        services.advance(
            cycle=cycle,
            to=request.POST.get("to", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, cycle.get_phase_display())
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("cycle-detail", pk=pk)
