"""Implementation pages: the funded projects of a cycle, one project's history, and the
organizers' forms. Who may act is asked before a form is read (`cycle_action_required`, or
`check()` on the project's cycle), with the one 403 (or 409) page for a refusal."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotAuthenticated
from core.pages import flash_error, form_error, refused
from cycles.models import Cycle
from cycles.permissions import check, cycle_action_required, may
from cycles.phases import allows
from proposals.models import Proposal, ProposalStatus

from . import map as project_map
from . import services
from .forms import FundForm, PlanForm, ProblemReportForm, UpdateForm
from .models import PLAN_FIELDS, FundedProject, Photo


def _project(pk):
    return get_object_or_404(
        FundedProject.objects.select_related(
            "cycle__municipality", "proposal__community", "proposal__idea"
        ),
        pk=pk,
    )


def _refusal(request, cycle, action):
    """None if the user may do `action` in `cycle` now; else the login page or the refusal."""
    try:
        check(request.user, cycle, action)
    except NotAuthenticated:
        return redirect_to_login(request.get_full_path())
    except DomainError as exc:
        return refused(request, exc, cycle=cycle)
    return None


def _unfunded(cycle):
    return Proposal.objects.filter(
        cycle=cycle, status=ProposalStatus.WON, funded_project__isnull=True
    )


def cycle_funded(request, pk):
    """All funded projects of a cycle, with progress bars of time and money and a map."""
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    projects = list(cycle.funded_projects.select_related("proposal__community").order_by("id"))
    can_fund = may(request.user, cycle, "fund_project")
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
            "can_fund": can_fund,
            "unfunded": _unfunded(cycle) if can_fund else Proposal.objects.none(),
        },
    )


@cycle_action_required("fund_project")
def fund(request, pk, cycle):
    """An organizer funds a won proposal that has no funded project yet."""
    form = FundForm(request.POST or None, proposals=_unfunded(cycle))
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PLAN_FIELDS if form.cleaned_data[f] is not None}
        try:
            project = services.funded_project_create(
                proposal=form.cleaned_data["proposal"], by=request.user, data=data
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The proposal is now a funded project."))
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/fund.html", {"cycle": cycle, "form": form})


def funded_detail(request, pk):
    """One funded project: the promise, the money, the history with photos."""
    project = _project(pk)
    cycle = project.cycle
    updates = project.updates.prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("id"))
    )
    moderator = may(request.user, cycle, "moderate_reports")
    reports = project.reports.visible_to(request.user, moderator=moderator).prefetch_related(
        "photos"
    )
    return render(
        request,
        "implementation/funded_detail.html",
        {
            "project": project,
            "cycle": cycle,
            "updates": updates,
            "following": project.followed_by(request.user),
            # anonymous visitors see the button too: the follow page asks them to log in
            "can_follow": allows(cycle.phase, "follow_project"),
            "can_update": may(request.user, cycle, "post_update") and not project.is_done,
            "can_edit": may(request.user, cycle, "fund_project") and not project.is_done,
            "followers": project.follows.count(),
            "reports": reports,
            "moderator": moderator,
            # anonymous visitors see the link too: the report page asks them to log in
            "can_report": may(request.user, cycle, "report_problem")
            or (not request.user.is_authenticated and allows(cycle.phase, "report_problem")),
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
                services.funded_project_unfollow(project=project, user=request.user)
                messages.success(request, _("You no longer follow this project."))
            else:
                services.funded_project_follow(project=project, user=request.user)
                messages.success(request, _("You will be notified of every update."))
        except DomainError as exc:
            flash_error(request, exc)
        return redirect("funded-detail", pk=project.pk)
    return render(
        request,
        "implementation/follow.html",
        {"project": project, "following": project.followed_by(request.user)},
    )


def funded_update(request, pk):
    """An organizer posts a progress update, with photos and the amount spent to date."""
    project = _project(pk)
    if refusal := _refusal(request, project.cycle, "post_update"):
        return refusal
    form = UpdateForm(
        request.POST or None,
        request.FILES or None,
        initial={"status": project.status, "spent": project.spent},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos")
        try:
            services.progress_update_post(
                project=project, by=request.user, data=data, photos=photos
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The update is published."))
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/update_form.html", {"project": project, "form": form})


def funded_edit(request, pk):
    """An organizer changes the plan: department, dates, budget, map point."""
    project = _project(pk)
    if refusal := _refusal(request, project.cycle, "fund_project"):
        return refusal
    form = PlanForm(request.POST or None, instance=FundedProject.objects.get(pk=project.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.funded_project_edit(
                project=project,
                by=request.user,
                data={**form.cleaned_data, "reason": request.POST.get("reason", "")[:2000]},
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/plan_form.html", {"project": project, "form": form})


def funded_report(request, pk):
    """A resident of the municipality reports a problem with a funded project."""
    project = _project(pk)
    if refusal := _refusal(request, project.cycle, "report_problem"):
        return refusal
    form = ProblemReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_report_submit(
                project=project,
                by=request.user,
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Thank you. The report is shown once the municipality has read it."),
            )
            return redirect("funded-detail", pk=project.pk)
    return render(request, "implementation/report_form.html", {"project": project, "form": form})


MODERATION = {
    "publish": lambda report, by, post: services.problem_report_publish(report=report, by=by),
    "reject": lambda report, by, post: services.problem_report_reject(
        report=report, by=by, reason=post.get("reason", "")
    ),
    "answer": lambda report, by, post: services.problem_report_answer(
        report=report, by=by, text=post.get("text", "")
    ),
}


@require_POST
def funded_report_moderate(request, pk, report_pk, verb):
    """An organizer publishes, rejects (with a public reason) or answers a report."""
    project = _project(pk)
    if refusal := _refusal(request, project.cycle, "moderate_reports"):
        return refusal
    report = get_object_or_404(project.reports, pk=report_pk)
    if verb not in MODERATION:
        raise Http404
    try:
        MODERATION[verb](report, request.user, request.POST)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('funded-detail', args=[project.pk])}#report-{report.pk}")
