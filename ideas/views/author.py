from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from cycles.models import Cycle
from cycles.phases import require

from .. import services
from ..forms import IdeaForm
from ..models import Channel, Idea
from .common import show_errors


@login_required
def idea_submit(request, cycle_pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=cycle_pk)
    form = IdeaForm(request.POST or None, request.FILES or None, cycle=cycle)
    closed = None
    try:
        require(cycle, "submit_idea")
    except DomainError as exc:
        closed = exc.message
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_submit(
                author=request.user,
                cycle=cycle,
                data=form.idea_data(),
                images=form.cleaned_data.get("images"),
                channel=Channel.WEB,
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Thank you! Your idea is submitted."))
            return redirect("ideas:detail", pk=idea.pk)
    return render(
        request,
        "ideas/form.html",
        {"form": form, "cycle": cycle, "closed": closed, "heading": _("Submit an idea")},
        status=400 if form.errors else 200,
    )


@login_required
def idea_edit(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("cycle__municipality"), pk=pk)
    cycle = idea.cycle
    try:
        services.require_editor(idea, request.user)
    except DomainError as exc:
        return render(request, "ideas/forbidden.html", {"message": exc.message}, status=403)
    initial = {f: getattr(idea, f) for f in services.EDITABLE}
    form = IdeaForm(request.POST or None, cycle=cycle, initial=initial, with_images=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(idea=idea, by=request.user, data=form.idea_data())
        except DomainError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("ideas:detail", pk=idea.pk)
    return render(
        request,
        "ideas/form.html",
        {"form": form, "cycle": cycle, "idea": idea, "heading": _("Edit the idea")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def idea_withdraw(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("cycle"), pk=pk)
    try:
        services.idea_withdraw(idea=idea, by=request.user)
        messages.success(request, _("The idea is withdrawn. Only you can still see it."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ideas:detail", pk=idea.pk)


@login_required
def idea_claim(request):
    """Claim the paper ideas filed under the user's verified phone number."""
    if request.method == "POST":
        try:
            claimed = services.paper_ideas_claim(user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if claimed:
                messages.success(
                    request, _("You are now the author of %(n)d ideas.") % {"n": len(claimed)}
                )
            else:
                messages.info(request, _("There are no paper ideas to claim."))
        return redirect("ideas:claim")
    user = request.user
    return render(
        request,
        "ideas/claim.html",
        {
            "claimable": services.paper_ideas_claimable(user).select_related("cycle"),
            "verified": bool(user.phone and user.phone_verified),
        },
    )
