from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Forbidden, NotAuthenticated
from core.translation import Translated
from cycles.phases import require
from ideas.models import Idea, IdeaStatus


class SessionLanguage(models.TextChoices):
    """The language a session is taught in (a person's own language is accounts.Language)."""

    KA = "ka", "ქართული"
    EN = "en", "English"


# What organizers set on a session: the page's form, the API's serializer and the services
# take these, and only these.
SESSION_FIELDS = (
    "title_ka",
    "title_en",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "trainer",
    "language",
)


# the refusals of the session's rules below, in the services' words
NOT_FOR_YOU = _(
    "Trainings of this cycle are for the authors and co-authors of eligible ideas. "
    "If your idea was accepted, sign in with the account that submitted it."
)
ONLY_TRAINERS = _("Only organizers and the session's trainer may mark attendance.")


def may_enroll(user, cycle) -> bool:
    """Authors and co-authors of the cycle's eligible ideas; every resident if the cycle says so."""
    if not (user and user.is_authenticated):
        return False
    if cycle.trainings_open_to_all and user.municipality_id == cycle.municipality_id:
        return True
    return (
        Idea.objects.filter(cycle=cycle, status=IdeaStatus.ELIGIBLE)
        .filter(Q(author=user) | Q(co_authors=user))
        .exists()
    )


def why_not_enroll(user, cycle) -> str | None:
    """Why `user` sees no enroll button in `cycle` (None: they may enroll), in words a resident
    reads: the phase (with the date enrollment opens), then who the trainings are for."""
    from cycles.phases import ORDER, Phase, allows

    if not allows(cycle.phase, "enroll"):
        if ORDER.index(cycle.phase) > ORDER.index(Phase.TRAINING):
            return str(_("Enrollment is closed."))
        opens = cycle.starts(Phase.TRAINING)
        if opens:
            day = formats.date_format(timezone.localtime(opens), "j E, H:i")
            return str(_("Enrollment opens on %(date)s.") % {"date": day})
        return str(_("Enrollment opens when the trainings phase begins."))
    if user and user.is_authenticated and not may_enroll(user, cycle):
        return str(_("Only for authors of eligible ideas."))
    return None


class SessionQuerySet(models.QuerySet):
    def with_seats(self):
        """Annotate `enrolled_count` and `waitlisted_count` (for `seats_left`) in one query."""
        return self.annotate(
            enrolled_count=models.Count("enrollments", filter=Q(enrollments__status="enrolled")),
            waitlisted_count=models.Count(
                "enrollments", filter=Q(enrollments__status="waitlisted")
            ),
        )


class TrainingSession(models.Model):
    """A proposal-writing session of a cycle, with a fixed number of seats."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="training_sessions"
    )
    title_ka = models.CharField(_("title (Georgian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings_given",
        verbose_name=_("trainer"),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=SessionLanguage.choices,
        default=SessionLanguage.KA,
    )
    created_at = models.DateTimeField(default=timezone.now)

    title = Translated("title")
    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_has_a_seat"),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="training_has_place_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    @property
    def enrolled(self) -> int:
        if not hasattr(self, "enrolled_count"):
            self.enrolled_count = self.enrollments.filter(status="enrolled").count()
        return self.enrolled_count

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)

    @property
    def where(self) -> str:
        return self.place or self.online_url

    def may_mark_attendance(self, user) -> bool:
        """Organizers of the municipality, and the session's own trainer."""
        return bool(
            user
            and user.is_authenticated
            and (
                user.is_organizer_of(self.cycle.municipality_id)
                or (self.trainer_id and self.trainer_id == user.pk)
            )
        )

    # What a caller may attempt, asked before a body is read (401, 403, then 409 for the
    # phase); what the body names (someone else, a person not enrolled) the services check.

    def check_enroll(self, user) -> None:
        """Someone who may enroll themself, or an organizer enrolling someone who phoned in."""
        _signed_in(user)
        if not (may_enroll(user, self.cycle) or user.is_organizer_of(self.cycle.municipality_id)):
            raise Forbidden(NOT_FOR_YOU)
        require(self.cycle, "enroll")

    def check_cancel(self, user) -> None:
        """Someone who may enroll or was enrolled here, or an organizer cancelling for someone."""
        _signed_in(user)
        if not (
            user.is_organizer_of(self.cycle.municipality_id)
            or self.enrollments.filter(user=user).exists()
            or may_enroll(user, self.cycle)
        ):
            raise Forbidden(_("You are not enrolled in this session."))
        require(self.cycle, "cancel_enrollment")

    @property
    def started(self) -> bool:
        return timezone.now() >= self.starts_at

    def not_started_message(self) -> str:
        return str(
            _(
                "Attendance can be marked once the session has started, at %(time)s; "
                "nobody has attended it yet."
            )
            % {"time": timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")}
        )

    def check_attendance(self, user) -> None:
        """Organizers and the session's trainer, while attendance may be marked (whether the
        session has started, `attendance_mark` asks: after the body names someone)."""
        _signed_in(user)
        if not self.may_mark_attendance(user):
            raise Forbidden(ONLY_TRAINERS)
        require(self.cycle, "mark_attendance")


def _signed_in(user):
    if not (user and user.is_authenticated):
        raise NotAuthenticated()


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


class Enrollment(models.Model):
    """A person's seat (or place in the queue) in a session. The id is the arrival order."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrollments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrollmentStatus.choices, db_index=True
    )
    attended = models.BooleanField(
        _("attended"), null=True, blank=True, help_text=_("Empty until attendance is marked.")
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organizer who enrolled someone who phoned in."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            # one live enrollment per person and session; cancelled ones stay as history
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["enrolled", "waitlisted"]),
                name="one_enrollment_per_person_and_session",
            )
        ]
        indexes = [
            models.Index(
                fields=["session", "id"],
                name="enrollment_waitlist",
                condition=Q(status="waitlisted"),
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.session_id} ({self.status})"

    def position(self) -> int | None:
        """1-based place on the waitlist (None unless waitlisted)."""
        if self.status != EnrollmentStatus.WAITLISTED:
            return None
        return Enrollment.objects.filter(
            session_id=self.session_id, status=EnrollmentStatus.WAITLISTED, id__lte=self.id
        ).count()
