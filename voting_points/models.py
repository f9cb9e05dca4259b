"""Voting points: where paper ballots are cast, who runs them, and their closing protocol.

A point is planned, then opened by its officer (or an organizer), then closed with a protocol;
closing is final. Only the point's officers enter ballots there, only while it is open. The app
sits before `voting` (voting's Ballot names its point); it reads the ballots entered at a point
through that relation (`point.ballots`), never by importing voting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

# What an organizer sets on a point: the form, the serializer and the services use this list.
POINT_FIELDS = ("name", "community", "address", "opens_at", "closes_at")


class PointStatus(models.TextChoices):
    PLANNED = "planned", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VotingPointQuerySet(models.QuerySet):
    def with_counts(self):
        """Each point with `entered` (paper ballots entered there) and `voters` (people)."""
        return self.annotate(
            entered=Count("ballots", distinct=True),
            voters=Count("ballots__voter_tag", distinct=True),
        )

    def with_discrepancy(self):
        """Closed points whose protocol does not add up: entered != issued - spoiled."""
        return (
            self.filter(status=PointStatus.CLOSED, ballots_issued__isnull=False)
            .filter(spoiled__isnull=False, ballots_entered__isnull=False)
            .exclude(ballots_entered=F("ballots_issued") - F("spoiled"))
        )

    def staffed_by(self, user, role):
        """The points where `user` holds `role` (officer or observer)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(members__user=user, members__role=role)


class VotingPoint(models.Model):
    """A place (a school, a culture house) where residents vote on paper during the vote."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="voting_points"
    )
    name = models.CharField(_("name"), max_length=200)
    community = models.ForeignKey(
        "cycles.Community",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voting_points",
        verbose_name=_("community"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=8, choices=PointStatus.choices, default=PointStatus.PLANNED
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # the closing protocol; ballots_entered is what the platform counted at the moment of closing
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    spoiled = models.PositiveIntegerField(_("spoiled ballots"), null=True, blank=True)
    ballots_entered = models.PositiveIntegerField(_("ballots entered"), null=True, blank=True)
    signatures = models.JSONField(_("signatures"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = VotingPointQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "name", "id"]
        verbose_name = _("voting point")
        verbose_name_plural = _("voting points")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="one_voting_point_per_name"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="voting_point_closes_after_opening",
                violation_error_message=_("A voting point closes after it opens."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == PointStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == PointStatus.CLOSED

    @property
    def expected(self):
        """Ballots the protocol says should be in the system: issued minus spoiled."""
        if self.ballots_issued is None or self.spoiled is None:
            return None
        return self.ballots_issued - self.spoiled

    @property
    def discrepancy(self):
        """Entered minus expected (0 when the protocol adds up; None before closing)."""
        if not self.is_closed or self.expected is None or self.ballots_entered is None:
            return None
        return self.ballots_entered - self.expected


class MemberRole(models.TextChoices):
    OFFICER = "officer", _("Officer")
    OBSERVER = "observer", _("Observer")


class PointMember(models.Model):
    """An officer (enters ballots at this point) or an observer (sees its live count)."""

    point = models.ForeignKey(VotingPoint, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voting_point_roles"
    )
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["point", "role", "user_id"]
        verbose_name = _("voting point officer or observer")
        verbose_name_plural = _("voting point officers and observers")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "user", "role"], name="one_role_per_person_per_point"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} #{self.user_id} @ {self.point_id}"
