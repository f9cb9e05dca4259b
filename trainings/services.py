"""Trainings: one function per user action. Seats are settled in the database: every enroll and
cancel of a session locks that session's row, so counting seats and taking one is atomic."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.services import model_update
from core.translation import both
from cycles.permissions import check
from cycles.phases import require
from cycles.services import require_organizer
from notifications.services import notify
from record import services as record

from .models import (
    ACTIVE,
    NOT_FOR_YOU,
    SESSION_FIELDS,
    Enrollment,
    EnrollmentStatus,
    TrainingSession,
    may_enroll,
)


def _context(session, **extra):
    start = timezone.localtime(session.starts_at)
    return {
        "session": session.pk,
        "session_title": both(session, "title"),
        "starts": start.strftime("%Y-%m-%d %H:%M"),
        "place": session.place or session.online_url,
        **extra,
    }


def _validate_session(data):
    fields = {}
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        fields["ends_at"] = [_("The session must end after it starts.")]
    if not (data.get("place") or data.get("online_url")):
        fields["place"] = [_("Give a place or an online link.")]
    if data.get("capacity") is not None and data["capacity"] < 1:
        fields["capacity"] = [_("A session needs at least one seat.")]
    if fields:
        raise Invalid(fields=fields)


def session_create(*, cycle, by, data) -> TrainingSession:
    """Organizers of the cycle's municipality schedule sessions while trainings can be managed."""
    check(by, cycle, "manage_trainings")
    data = {k: v for k, v in data.items() if k in SESSION_FIELDS}
    _validate_session(data)
    return TrainingSession.objects.create(cycle=cycle, **data)


def session_update(*, session, by, data) -> TrainingSession:
    """Organizers edit a session; seats cannot drop below the people already enrolled."""
    check(by, session.cycle, "manage_trainings")
    data = {k: v for k, v in data.items() if k in SESSION_FIELDS}
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _validate_session({f: data.get(f, getattr(locked, f)) for f in SESSION_FIELDS})
        enrolled = locked.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()
        if data.get("capacity", locked.capacity) < enrolled:
            raise Invalid(
                fields={
                    "capacity": [
                        ngettext(
                            "%(n)d person is already enrolled; cancel an enrollment first.",
                            "%(n)d people are already enrolled; cancel some enrollments first.",
                            enrolled,
                        )
                        % {"n": enrolled}
                    ]
                }
            )
        model_update(locked, data, SESSION_FIELDS)
        _promote(locked, locked.capacity - enrolled)
    return locked


def _lock_session(session_id) -> TrainingSession:
    try:
        return (
            TrainingSession.objects.select_related("cycle")
            .select_for_update(of=("self",))
            .get(pk=session_id)
        )
    except TrainingSession.DoesNotExist:
        raise NotFound(_("This training session does not exist."))


def session_enroll(*, session, user, by=None) -> Enrollment:
    """Take a seat, or the next place on the waitlist when the session is full.

    `by` is an organizer enrolling someone who phoned in; otherwise the person enrolls themself.
    """
    cycle = session.cycle
    if by is not None and by != user:
        require_organizer(by, cycle.municipality_id)
    if not may_enroll(user, cycle):  # who before when, as cycles.permissions.check
        raise Forbidden(NOT_FOR_YOU)
    require(cycle, "enroll")
    with transaction.atomic():
        # The lock on the session row serializes every enrollment into it: the count below
        # cannot change until we commit, and ids are handed out in arrival order.
        locked = _lock_session(session.pk)
        # and the person: two overlapping sessions enrolled at once cannot both pass the check
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        if Enrollment.objects.filter(session=locked, user=user, status__in=ACTIVE).exists():
            raise Conflict(_("You are already enrolled in this session (or on its waitlist)."))
        overlapping = (
            Enrollment.objects.filter(user=user, status__in=ACTIVE)
            .filter(session__starts_at__lt=locked.ends_at, session__ends_at__gt=locked.starts_at)
            .select_related("session")
            .first()
        )
        if overlapping:
            raise Conflict(
                _(
                    "This session overlaps “%(title)s”, in which you are enrolled. Cancel that first."
                )
                % {"title": overlapping.session.title}
            )
        if locked.ends_at <= timezone.now():
            raise Conflict(_("This session is already over."))
        taken = Enrollment.objects.filter(session=locked, status=EnrollmentStatus.ENROLLED).count()
        status = (
            EnrollmentStatus.ENROLLED if taken < locked.capacity else EnrollmentStatus.WAITLISTED
        )
        enrollment = Enrollment.objects.create(
            session=locked, user=user, status=status, enrolled_by=by if by != user else None
        )
        if status == EnrollmentStatus.ENROLLED:
            notify(
                "training_enrolled",
                [user],
                _context(locked),
                subject=f"enrollment:{enrollment.pk}:enrolled",
            )
        else:
            notify(
                "training_waitlisted",
                [user],
                _context(locked, position=enrollment.position()),
                subject=f"enrollment:{enrollment.pk}:waitlisted",
            )
    return enrollment


def _promote(session, seats) -> list[Enrollment]:
    """Give up to `seats` free seats to the waitlist, first come first served (session locked)."""
    promoted = []
    if seats <= 0:
        return promoted
    waiting = Enrollment.objects.filter(
        session=session, status=EnrollmentStatus.WAITLISTED
    ).select_related("user")[:seats]
    for enrollment in waiting:
        Enrollment.objects.filter(pk=enrollment.pk, status=EnrollmentStatus.WAITLISTED).update(
            status=EnrollmentStatus.ENROLLED, promoted_at=timezone.now()
        )
        enrollment.status = EnrollmentStatus.ENROLLED
        notify(
            "training_promoted",
            [enrollment.user],
            _context(session),
            subject=f"enrollment:{enrollment.pk}:promoted",
        )
        promoted.append(enrollment)
    return promoted


def enrollment_cancel(*, session, user, by=None) -> Enrollment:
    """Give up a seat (or a waitlist place); a freed seat goes to the first on the waitlist."""
    cycle = session.cycle
    if by is not None and by != user:
        require_organizer(by, cycle.municipality_id)
    require(cycle, "cancel_enrollment")
    with transaction.atomic():
        locked = _lock_session(session.pk)
        enrollment = Enrollment.objects.filter(session=locked, user=user, status__in=ACTIVE).first()
        if enrollment is None:
            raise Conflict(_("You are not enrolled in this session."))
        if locked.starts_at <= timezone.now():
            raise Conflict(_("The session has already started; it can no longer be cancelled."))
        was = enrollment.status
        Enrollment.objects.filter(pk=enrollment.pk).update(
            status=EnrollmentStatus.CANCELLED, cancelled_at=timezone.now()
        )
        enrollment.status = EnrollmentStatus.CANCELLED
        notify(
            "training_cancelled",
            [user],
            _context(locked),
            subject=f"enrollment:{enrollment.pk}:cancelled",
        )
        if was == EnrollmentStatus.ENROLLED:
            _promote(locked, 1)
    return enrollment


def find_person(login: str):
    """An existing account by e-mail or phone, for organizers enrolling someone who phoned in."""
    try:
        return get_user_model().objects.get_by_login(login)
    except get_user_model().DoesNotExist:
        raise Invalid(
            fields={
                "person": [
                    _("No account has this e-mail or phone. Ask the person to register first.")
                ]
            }
        )


def attendance_mark(*, session, user, attended: bool, by) -> Enrollment:
    """Organizers (or the session's trainer) mark who came; only enrolled people can be marked."""
    session.check_attendance(by)
    if not session.started:
        # attendance opens the training gate of proposals: nobody attends a session in advance
        raise Conflict(session.not_started_message())
    enrollment = Enrollment.objects.filter(
        session=session, user=user, status=EnrollmentStatus.ENROLLED
    ).first()
    if enrollment is None:
        raise Conflict(
            _("This person is not enrolled in the session; enroll them first, then mark them.")
        )
    with transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(attended=attended)
        # attendance opens the training gate of proposals: a decision, so on the record
        # (privately: the public does not need to know who came to which session)
        record.log(
            cycle=session.cycle,
            actor=by,
            action="attendance_marked",
            obj=session,
            data={"enrollment": enrollment.pk, "attended": attended},
            public=False,
        )
    enrollment.attended = attended
    return enrollment


def attended_session(*, cycle, users) -> bool:
    """Whether any of `users` attended a session of `cycle` (the training gate of proposals)."""
    return Enrollment.objects.filter(
        session__cycle=cycle,
        user__in=[u.pk for u in users],
        status=EnrollmentStatus.ENROLLED,
        attended=True,
    ).exists()


REMIND_BEFORE = timedelta(hours=24)


def reminders_send(now=None) -> int:
    """Remind each enrolled person once, 24 hours before their session; safe to run twice."""
    now = now or timezone.now()
    due = Enrollment.objects.filter(
        status=EnrollmentStatus.ENROLLED,
        reminded_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMIND_BEFORE,
    ).select_related("session", "user")
    sent = 0
    for enrollment in due:
        with transaction.atomic():
            # claim it: of two runs at once, only one updates the row
            claimed = Enrollment.objects.filter(pk=enrollment.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            notify(
                "training_reminder",
                [enrollment.user],
                _context(enrollment.session),
                subject=f"enrollment:{enrollment.pk}:reminder",
            )
            sent += 1
    return sent
