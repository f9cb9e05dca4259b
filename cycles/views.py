from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import DomainError

from . import services
from .models import Cycle, Municipality


def home(request):
    municipalities = Municipality.objects.prefetch_related("cycles").order_by("name_ka")
    return render(request, "cycles/home.html", {"municipalities": municipalities})


def cycle_detail(request, pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    actions = services.allowed_actions(cycle, request.user)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "actions": actions,
            "is_organizer": services.has_role(request.user, cycle, "organizer"),
            "transitions": cycle.transitions.select_related("by"),
        },
    )


@login_required
@require_POST
def cycle_advance(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        services.advance(
            cycle=cycle,
            to=request.POST.get("to", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, cycle.get_phase_display())
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cycle-detail", pk=pk)
