from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from cycles.models import Cycle
from cycles.phases import allows
from cycles.services import allowed_actions, has_role
from proposals.models import Proposal, ProposalStatus

from . import map as project_map
from . import services
from .forms import FundForm, PlanForm, UpdateForm
from .models import FundedProject, Photo


def _show_error(form, exc):
    """A domain error on a page: field messages under their fields, the rest at the top."""
    if not exc.fields:
        form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _organizer_only(request, cycle):
    """Organizer pages answer 403 to others before showing a form they could not use."""
    if not has_role(request.user, cycle, "organizer"):
        raise PermissionDenied


def _project(pk):
    return get_object_or_404(
        FundedProject.objects.select_related(
            "cycle__municipality", "proposal__community", "proposal__idea"
        ),
        pk=pk,
    )


def cycle_funded(request, pk):
    """All funded projects of a cycle, with progress bars of time and money and a map."""
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    projects = list(cycle.funded_projects.select_related("proposal__community").order_by("id"))
    is_organizer = has_role(request.user, cycle, "organizer")
    unfunded = Proposal.objects.none()
    if is_organizer:
        unfunded = Proposal.objects.filter(
            cycle=cycle, status=ProposalStatus.WON, funded_project__isnull=True
        )
    totals = {
        "budget": sum((p.budget for p in projects), 0),
        "spent": sum((p.spent for p in projects), 0),
    }
    return render(
        request,
        "implementation/cycle_funded.html",
        {
            "cycle": cycle,
            "projects": projects,
            "points": project_map.points(projects),
            "map_size": (project_map.WIDTH, project_map.HEIGHT),
            "totals": totals,
            "is_organizer": is_organizer,
            "can_fund": "fund_project" in allowed_actions(cycle, request.user),
            "unfunded": unfunded,
        },
    )


@login_required
def fund(request, pk):
    """An organizer funds a won proposal that has no funded project yet."""
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    _organizer_only(request, cycle)
    proposals = Proposal.objects.filter(
        cycle=cycle, status=ProposalStatus.WON, funded_project__isnull=True
    )
    form = FundForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "proposal" and v is not None}
        try:
            project = services.funded_project_create(
                proposal=form.cleaned_data["proposal"], by=request.user, data=data
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The proposal is now a funded project."))
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/fund.html", {"cycle": cycle, "form": form})


def funded_detail(request, pk):
    """One funded project: the promise, the money, the history with photos."""
    project = _project(pk)
    updates = project.updates.prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("id"))
    )
    actions = allowed_actions(project.cycle, request.user)
    return render(
        request,
        "implementation/funded_detail.html",
        {
            "project": project,
            "cycle": project.cycle,
            "updates": updates,
            "following": services.is_following(project, request.user),
            # anonymous visitors see the button too: the follow page asks them to log in
            "can_follow": allows(project.cycle.phase, "follow_project"),
            "can_update": "post_update" in actions and not project.is_done,
            "can_edit": "fund_project" in actions and not project.is_done,
            "followers": project.follows.count(),
        },
    )


def funded_follow(request, pk):
    """Follow or stop following: a small page of its own, so it works without JavaScript."""
    project = _project(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            if request.POST.get("follow") == "0":
                services.unfollow(project=project, user=request.user)
                messages.success(request, _("You no longer follow this project."))
            else:
                services.follow(project=project, user=request.user)
                messages.success(request, _("You will be notified of every update."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("funded-detail", pk=project.pk)
    return render(
        request,
        "implementation/follow.html",
        {"project": project, "following": services.is_following(project, request.user)},
    )


@login_required
def funded_update(request, pk):
    """An organizer posts a progress update, with photos and the amount spent to date."""
    project = _project(pk)
    _organizer_only(request, project.cycle)
    form = UpdateForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "status": project.status,
            "spent": project.spent,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_update(
                project=project,
                by=request.user,
                status=data["status"],
                spent=data["spent"],
                text_ka=data["text_ka"],
                text_en=data["text_en"],
                reason=data["reason"],
                photos=data["photos"],
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The update is published."))
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/update_form.html", {"project": project, "form": form})


@login_required
def funded_edit(request, pk):
    """An organizer changes the plan: department, dates, budget, map point."""
    project = _project(pk)
    _organizer_only(request, project.cycle)
    form = PlanForm(request.POST or None, instance=FundedProject.objects.get(pk=project.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.funded_project_edit(
                project=project,
                by=request.user,
                data={**form.cleaned_data, "reason": request.POST.get("reason", "")[:2000]},
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/plan_form.html", {"project": project, "form": form})
