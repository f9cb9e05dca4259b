"""Voting-point pages: the cycle's points (anyone), one point (anyone; organizers manage it,
its officers open and close it, its observers follow its count), and its printable protocol.

Who may act is asked before a form is read; a refusal is the one 403 (or 409) page.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.pages import flash_error, form_error, refused
from cycles.models import Cycle
from cycles.permissions import check, may

from . import services
from .forms import CloseForm, MemberForm, VotingPointForm
from .models import POINT_FIELDS, MemberRole, PointMember, VotingPoint


def _point(pk):
    return get_object_or_404(
        VotingPoint.objects.select_related("cycle__municipality", "community"), pk=pk
    )


def _asked(request, cycle, action, point=None, staff=False):
    """None if `request.user` may do `action` (at `point`), else the refusal page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        check(request.user, cycle, action)
        if staff:
            services.require_staff(point, request.user)
    except DomainError as exc:
        return refused(request, exc, cycle=cycle)
    return None


def cycle_points(request, pk):
    """The cycle's voting points, for anyone; organizers add one here."""
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    can_manage = may(request.user, cycle, "manage_voting_points")
    form, status = None, 200
    if request.method == "POST":
        refusal = _asked(request, cycle, "manage_voting_points")
        if refusal:
            return refusal
    if can_manage:
        form = VotingPointForm(request.POST or None, cycle=cycle)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = {f: form.cleaned_data[f] for f in POINT_FIELDS}
                try:
                    point = services.point_create(cycle=cycle, by=request.user, data=data)
                    messages.success(request, _("Voting point added."))
                    return redirect("voting_points:detail", pk=point.pk)
                except DomainError as exc:
                    form_error(form, exc)
                    status = exc.status
    points = VotingPoint.objects.filter(cycle=cycle).select_related("community")
    return render(
        request,
        "voting_points/list.html",
        {"cycle": cycle, "points": points, "form": form, "can_manage": can_manage},
        status=status,
    )


def point_detail(request, pk):
    """One point: where and when for anyone; the tools of whoever runs or watches it."""
    point = _point(pk)
    cycle, user = point.cycle, request.user
    organizer = may(user, cycle, "manage_voting_points")
    officer = services.is_member(point, user, MemberRole.OFFICER)
    staff = user.is_authenticated and (user.is_organizer_of(cycle.municipality_id) or officer)
    watcher = staff or services.is_member(point, user, MemberRole.OBSERVER)
    context = {
        "cycle": cycle,
        "point": point,
        "organizer": organizer,
        "officer": officer,
        "can_run": staff and may(user, cycle, "run_voting_point"),
        "can_enter": officer and point.is_open and may(user, cycle, "enter_paper_ballot"),
        "count": services.live_count(point=point, by=user) if watcher else None,
    }
    if organizer:
        context["form"] = VotingPointForm(instance=point, cycle=cycle)
        context["member_form"] = MemberForm()
        context["members"] = PointMember.objects.filter(point=point).select_related("user")
    if context["can_run"] and point.is_open:
        context["close_form"] = CloseForm()
    return render(request, "voting_points/detail.html", context)


@require_POST
def point_edit(request, pk):
    point = _point(pk)
    refusal = _asked(request, point.cycle, "manage_voting_points")
    if refusal:
        return refusal
    form = VotingPointForm(
        request.POST, instance=VotingPoint.objects.get(pk=point.pk), cycle=point.cycle
    )
    if form.is_valid():
        try:
            services.point_update(
                point=point, by=request.user, data={f: form.cleaned_data[f] for f in POINT_FIELDS}
            )
            messages.success(request, _("Voting point saved."))
        except DomainError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("voting_points:detail", pk=point.pk)


@require_POST
def member_add(request, pk):
    point = _point(pk)
    refusal = _asked(request, point.cycle, "manage_voting_points")
    if refusal:
        return refusal
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(
                point=point,
                by=request.user,
                user=form.cleaned_data["login"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("Saved."))
        except DomainError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("voting_points:detail", pk=point.pk)


@require_POST
def member_remove(request, pk, member_pk):
    point = _point(pk)
    refusal = _asked(request, point.cycle, "manage_voting_points")
    if refusal:
        return refusal
    member = get_object_or_404(PointMember, pk=member_pk, point=point)
    try:
        services.member_remove(
            point=point, by=request.user, user_id=member.user_id, role=member.role
        )
        messages.success(request, _("Removed."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("voting_points:detail", pk=point.pk)


@require_POST
def point_open(request, pk):
    point = _point(pk)
    refusal = _asked(request, point.cycle, "run_voting_point", point, staff=True)
    if refusal:
        return refusal
    try:
        services.point_open(point=point, by=request.user)
        messages.success(request, _("The voting point is open."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("voting_points:detail", pk=point.pk)


@require_POST
def point_close(request, pk):
    point = _point(pk)
    refusal = _asked(request, point.cycle, "run_voting_point", point, staff=True)
    if refusal:
        return refusal
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.point_close(point=point, by=request.user, **form.cleaned_data)
            messages.success(request, _("The voting point is closed; its protocol is public."))
            return redirect("voting_points:protocol", pk=point.pk)
        except DomainError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("voting_points:detail", pk=point.pk)


def protocol(request, pk):
    """The point's protocol on A4: a blank tally sheet before the vote, filled after it."""
    point = _point(pk)
    return render(
        request,
        "voting_points/protocol.html",
        {
            "cycle": point.cycle,
            "point": point,
            "sentence": services.protocol_sentence(point)
            if point.is_closed and point.ballots_issued is not None
            else "",
            "blank_lines": range(4),
        },
    )
