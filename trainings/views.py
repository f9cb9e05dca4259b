"""Pages of the trainings: sessions, enrolling, the organizers' session form and attendance.

Who may act is asked before a form is read: `cycle_action_required` / `check()` for the phase
table, the session's own `check_*` rules for enrolling, cancelling and attendance."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.exports import csv_response
from core.pages import flash_error, forbidden, form_error, refused
from core.parsing import parse_id
from cycles.models import Cycle
from cycles.permissions import check, cycle_action_required
from cycles.services import allowed_actions, has_role

from . import services
from .forms import PersonForm, SessionForm
from .ics import session_ics
from .models import (
    ACTIVE,
    ONLY_TRAINERS,
    SESSION_FIELDS,
    Enrollment,
    EnrollmentStatus,
    TrainingSession,
    may_enroll,
    why_not_enroll,
)


def _session(pk):
    return get_object_or_404(
        TrainingSession.objects.select_related("cycle__municipality", "trainer").with_seats(),
        pk=pk,
    )


def _show_error(request, exc):
    errors = [e for errs in exc.fields.values() for e in errs] or [exc.message]
    for error in errors:
        messages.error(request, error)


# --- everyone ---


def session_list(request, cycle_pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=cycle_pk)
    sessions = list(
        cycle.training_sessions.select_related("trainer").with_seats().order_by("starts_at", "id")
    )
    mine = {}
    if request.user.is_authenticated:
        for e in Enrollment.objects.filter(
            user=request.user, session__cycle=cycle, status__in=ACTIVE
        ):
            mine[e.session_id] = e
    for s in sessions:
        s.mine = mine.get(s.pk)
    return render(
        request,
        "trainings/session_list.html",
        {
            "cycle": cycle,
            "sessions": sessions,
            "actions": allowed_actions(cycle, request.user),
            "is_organizer": has_role(request.user, cycle, "organizer"),
            "may_enroll": may_enroll(request.user, cycle),
            "why_not": why_not_enroll(request.user, cycle),
        },
    )


def session_detail(request, pk):
    session = _session(pk)
    mine = None
    if request.user.is_authenticated:
        mine = Enrollment.objects.filter(
            session=session, user=request.user, status__in=ACTIVE
        ).first()
    return render(
        request,
        "trainings/session_detail.html",
        {
            "session": session,
            "cycle": session.cycle,
            "mine": mine,
            "actions": allowed_actions(session.cycle, request.user),
            "is_organizer": has_role(request.user, session.cycle, "organizer"),
            "may_mark": session.may_mark_attendance(request.user),
            "person_form": PersonForm(),
            "why_not": why_not_enroll(request.user, session.cycle),
        },
    )


def session_ics_download(request, pk):
    session = _session(pk)
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{session.pk}.ics"'
    return response


# --- residents (and organizers for someone who phoned in) ---


@login_required
@require_POST
def enroll(request, pk):
    session = _session(pk)
    try:
        session.check_enroll(request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("trainings:detail", pk=pk)
    try:
        if request.POST.get("person"):
            person = services.find_person(request.POST["person"])
        else:
            person = request.user
        enrollment = services.session_enroll(session=session, user=person, by=request.user)
    except DomainError as exc:
        _show_error(request, exc)
    else:
        if enrollment.status == EnrollmentStatus.ENROLLED:
            messages.success(request, _("Enrolled: %(name)s has a seat.") % {"name": person})
        else:
            messages.success(
                request,
                _("The session is full: %(name)s is number %(n)d on the waitlist.")
                % {"name": person, "n": enrollment.position()},
            )
    return redirect("trainings:detail", pk=pk)


@login_required
@require_POST
def cancel(request, pk):
    session = _session(pk)
    try:
        session.check_cancel(request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("trainings:detail", pk=pk)
    person = request.user
    if request.POST.get("user"):  # an organizer cancelling for someone
        person = get_object_or_404(get_user_model(), pk=parse_id(request.POST["user"]) or 0)
    try:
        services.enrollment_cancel(session=session, user=person, by=request.user)
    except DomainError as exc:
        _show_error(request, exc)
    else:
        messages.success(request, _("The enrollment is cancelled."))
    return redirect("trainings:detail", pk=pk)


@login_required
def my_enrollments(request):
    enrollments = (
        Enrollment.objects.filter(user=request.user)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("session__cycle")
        .order_by("session__starts_at")
    )
    return render(request, "trainings/my_enrollments.html", {"enrollments": enrollments})


# --- organizers ---


def _session_form(request, cycle, session):
    form = SessionForm(request.POST or None, instance=session, municipality=cycle.municipality)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in SESSION_FIELDS}
        try:
            if session:
                session = services.session_update(session=session, by=request.user, data=data)
            else:
                session = services.session_create(cycle=cycle, by=request.user, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("trainings:detail", pk=session.pk)
    return render(
        request, "trainings/session_form.html", {"form": form, "cycle": cycle, "session": session}
    )


@cycle_action_required("manage_trainings", url_kwarg="cycle_pk")
def session_create(request, cycle_pk, cycle):
    return _session_form(request, cycle, None)


@login_required
def session_edit(request, pk):
    session = _session(pk)
    try:
        check(request.user, session.cycle, "manage_trainings")
    except DomainError as exc:
        return refused(request, exc, cycle=session.cycle)
    return _session_form(request, session.cycle, session)


def _attendance_rows(session):
    return (
        Enrollment.objects.filter(session=session, status=EnrollmentStatus.ENROLLED)
        .select_related("user")
        .order_by("user__name", "id")
    )


@login_required
def attendance(request, pk):
    session = _session(pk)
    if not session.may_mark_attendance(request.user):
        return forbidden(request, ONLY_TRAINERS, cycle=session.cycle)
    rows = list(_attendance_rows(session))
    if request.method == "POST":
        try:
            session.check_attendance(request.user)
        except DomainError as exc:
            return refused(request, exc, cycle=session.cycle)
        present = set(request.POST.getlist("present"))
        try:
            for e in rows:
                services.attendance_mark(
                    session=session,
                    user=e.user,
                    attended=str(e.user_id) in present,
                    by=request.user,
                )
        except DomainError as exc:
            _show_error(request, exc)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("trainings:attendance", pk=pk)
    return render(
        request,
        "trainings/attendance.html",
        {
            "session": session,
            "cycle": session.cycle,
            "rows": rows,
            "is_organizer": has_role(request.user, session.cycle, "organizer"),
        },
    )


@login_required
def attendance_csv(request, pk):
    session = _session(pk)
    if not session.may_mark_attendance(request.user):
        return forbidden(request, ONLY_TRAINERS, cycle=session.cycle)
    marks = {None: "", True: _("yes"), False: _("no")}
    return csv_response(
        f"attendance-{session.pk}.csv",
        [_("Name"), _("E-mail"), _("Phone"), _("Attended"), _("Enrolled at")],
        (
            [e.user.name, e.user.email, e.user.phone, marks[e.attended], e.created_at.isoformat()]
            for e in _attendance_rows(session)
        ),
    )
