from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from cycles.models import Cycle
from cycles.services import require_organizer

from .. import reports, screening, services
from ..forms import MergeForm, PaperIdeaForm, ScreenForm
from ..models import Idea
from .common import show_errors


def _organizer_cycle(request, cycle_pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=cycle_pk)
    require_organizer(request.user, cycle.municipality_id)
    return cycle


def _forbidden(request, exc):
    return render(request, "ideas/forbidden.html", {"message": exc.message}, status=exc.status)


@login_required
def idea_paper(request, cycle_pk):
    try:
        cycle = _organizer_cycle(request, cycle_pk)
    except DomainError as exc:
        return _forbidden(request, exc)
    form = PaperIdeaForm(request.POST or None, request.FILES or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.idea_data()
        try:
            idea = services.paper_idea_enter(
                by=request.user,
                cycle=cycle,
                data=data,
                images=form.cleaned_data.get("images"),
                resident=data.pop("account", None),
                name=data.pop("author_name", ""),
                phone=data.pop("author_phone", ""),
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The paper idea is entered."))
            return redirect("ideas:detail", pk=idea.pk)
    return render(
        request,
        "ideas/form.html",
        {"form": form, "cycle": cycle, "heading": _("Enter a paper idea form"), "paper": True},
        status=400 if form.errors else 200,
    )


@login_required
def idea_overview(request, cycle_pk):
    try:
        cycle = _organizer_cycle(request, cycle_pk)
    except DomainError as exc:
        return _forbidden(request, exc)
    counts = reports.cycle_counts(cycle=cycle, by=request.user)
    return render(request, "ideas/overview.html", {"cycle": cycle, "counts": counts})


@login_required
def idea_export(request, cycle_pk):
    try:
        cycle = _organizer_cycle(request, cycle_pk)
    except DomainError as exc:
        return _forbidden(request, exc)
    return reports.ideas_csv(cycle=cycle, by=request.user)


@login_required
@require_POST
def idea_screen(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("cycle"), pk=pk)
    form = ScreenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("ideas:detail", pk=pk)
    try:
        screening.idea_screen(idea=idea, by=request.user, **form.cleaned_data)
        messages.success(request, _("The decision is saved and the authors are notified."))
    except DomainError as exc:
        errors = [e for errs in exc.fields.values() for e in errs] or [exc.message]
        for error in errors:
            messages.error(request, error)
    return redirect("ideas:detail", pk=pk)


@login_required
@require_POST
def idea_merge(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("cycle"), pk=pk)
    form = MergeForm(request.POST, idea=idea)
    if not form.is_valid():
        messages.error(request, _("Choose the idea to merge into."))
        return redirect("ideas:detail", pk=pk)
    try:
        screening.idea_merge(idea=idea, by=request.user, **form.cleaned_data)
        messages.success(request, _("The ideas are merged."))
    except DomainError as exc:
        errors = [e for errs in exc.fields.values() for e in errs] or [exc.message]
        for error in errors:
            messages.error(request, error)
    return redirect("ideas:detail", pk=pk)
