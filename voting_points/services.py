"""Voting points: one function per organizer's or officer's action.

Who may act at a point is asked in two steps: the phase table first (`manage_voting_points` for
organizers, `run_voting_point` and `enter_paper_ballot` for the cycle's point staff), then the
point itself (an officer acts at their own point only). A point's status moves by conditional
UPDATE or under its row lock, so a ballot racing the close is either in before the close (and
counted in the protocol) or refused.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.services import model_update
from cycles.permissions import check
from record import services as record

from .models import POINT_FIELDS, MemberRole, PointMember, PointStatus, VotingPoint

STAFF_ONLY = gettext_lazy(
    "Only this voting point's officers and the municipality's organizers may do this."
)


def _invalid(field, message):
    return Invalid(_("Check the highlighted fields."), fields={field: [message]})


def _checked_data(cycle, data, point=None) -> dict:
    community = data.get("community", point.community if point else None)
    if community is not None and community.municipality_id != cycle.municipality_id:
        raise _invalid("community", _("This community is not in the cycle's municipality."))
    opens = data.get("opens_at", point.opens_at if point else None)
    closes = data.get("closes_at", point.closes_at if point else None)
    if opens and closes and closes <= opens:
        raise _invalid("closes_at", _("A voting point closes after it opens."))
    if "name" in data and not str(data["name"]).strip():
        raise _invalid("name", _("Name the voting point."))
    return {k: data[k] for k in POINT_FIELDS if k in data}


def point_create(*, cycle, by, data) -> VotingPoint:
    """Organizers set up the cycle's voting points, until the vote is over."""
    check(by, cycle, "manage_voting_points")
    fields = _checked_data(cycle, data)
    try:
        with transaction.atomic():
            point = VotingPoint.objects.create(cycle=cycle, **fields)
            record.log(
                cycle=cycle,
                actor=by,
                action="voting_point_created",
                obj=point,
                data={"address": point.address, "community": point.community_id},
            )
    except IntegrityError:
        raise Conflict(_("This cycle already has a voting point of this name.")) from None
    return point


def point_update(*, point, by, data) -> VotingPoint:
    """Organizers correct a point's name, place or hours; a closed point stays as it closed."""
    check(by, point.cycle, "manage_voting_points")
    try:
        with transaction.atomic():
            locked = VotingPoint.objects.select_for_update().get(pk=point.pk)
            if locked.is_closed:
                raise Conflict(_("This voting point is closed; it cannot be changed."))
            changes = model_update(locked, _checked_data(point.cycle, data, locked), POINT_FIELDS)
            if changes:
                record.log(
                    cycle=point.cycle,
                    actor=by,
                    action="voting_point_changed",
                    obj=locked,
                    data=changes,
                )
    except IntegrityError:
        raise Conflict(_("This cycle already has a voting point of this name.")) from None
    return locked


def member_add(*, point, by, user, role) -> PointMember:
    """Organizers appoint an officer or an observer of a point (once each)."""
    check(by, point.cycle, "manage_voting_points")
    if user is None or not user.is_active:
        raise _invalid("user", _("There is no active account with this id."))
    with transaction.atomic():
        member, created = PointMember.objects.get_or_create(point=point, user=user, role=role)
        if created:
            record.log(
                cycle=point.cycle,
                actor=by,
                action=f"voting_point_{role}_added",
                obj=point,
                data={"role": role},
            )
    return member


def member_remove(*, point, by, user_id, role) -> None:
    """Organizers withdraw an officer or observer; their past entries stay on the record."""
    check(by, point.cycle, "manage_voting_points")
    with transaction.atomic():
        deleted, _rows = PointMember.objects.filter(
            point=point, user_id=user_id, role=role
        ).delete()
        if not deleted:
            raise NotFound(_("This person has no such role at this voting point."))
        record.log(
            cycle=point.cycle,
            actor=by,
            action=f"voting_point_{role}_removed",
            obj=point,
            data={"role": role},
        )


def is_member(point, user, role) -> bool:
    return (
        bool(user and user.is_authenticated)
        and PointMember.objects.filter(point=point, user=user, role=role).exists()
    )


def require_staff(point, by) -> None:
    """403 unless `by` is an officer of this point or an organizer of its municipality."""
    if by.is_organizer_of(point.cycle.municipality_id) or is_member(point, by, MemberRole.OFFICER):
        return
    raise Forbidden(STAFF_ONLY)


def require_watcher(point, by) -> None:
    """403 unless `by` observes or runs this point, or organizes its municipality."""
    if not (by and by.is_authenticated):
        raise Forbidden()
    if by.is_organizer_of(point.cycle.municipality_id):
        return
    if PointMember.objects.filter(point=point, user=by).exists():
        return
    raise Forbidden(_("Only this voting point's observers, officers and organizers see its count."))


def _require_open(point) -> None:
    if point.status == PointStatus.CLOSED:
        raise Conflict(_("This voting point is closed: it takes no more ballots."))
    if point.status != PointStatus.OPEN:
        raise Conflict(_("This voting point is not open yet."))


def point_of(cycle, point_id) -> VotingPoint:
    """The cycle's point a client named by id, or 400 on the `voting_point` field."""
    try:
        if isinstance(point_id, str) and not (point_id.isascii() and point_id.isdigit()):
            raise ValueError  # "١" is not an id, though int() reads it as 1
        if isinstance(point_id, bool) or not 0 < int(point_id) < 2**31:
            raise ValueError
        return VotingPoint.objects.select_related("cycle__municipality").get(
            pk=int(point_id), cycle=cycle
        )
    except (ValueError, TypeError, OverflowError, VotingPoint.DoesNotExist):
        raise _invalid("voting_point", _("Choose one of this cycle's voting points.")) from None


def require_entry(point, by, *, correction=False) -> None:
    """An officer enters and corrects ballots at their own point while it is open; an
    organizer corrects at any point, open or closed. Everyone else: 403."""
    if correction and by.is_organizer_of(point.cycle.municipality_id):
        return
    if not is_member(point, by, MemberRole.OFFICER):
        raise Forbidden(_("Only this voting point's officers enter ballots here."))
    _require_open(point)


def lock_for_entry(point, by, *, correction=False) -> VotingPoint:
    """Inside the entry's transaction: lock the point so a close waits for the entry (or the
    entry for the close), then ask again whether it takes this ballot."""
    locked = VotingPoint.objects.select_for_update().get(pk=point.pk)
    locked.cycle = point.cycle
    require_entry(locked, by, correction=correction)
    return locked


def point_open(*, point, by) -> VotingPoint:
    """The point's officer (or an organizer) opens it during the vote; it opens once."""
    check(by, point.cycle, "run_voting_point")
    require_staff(point, by)
    now = timezone.now()
    with transaction.atomic():
        opened = VotingPoint.objects.filter(pk=point.pk, status=PointStatus.PLANNED).update(
            status=PointStatus.OPEN, opened_at=now
        )
        if not opened:
            raise Conflict(_("This voting point is already open or closed."))
        record.log(cycle=point.cycle, actor=by, action="voting_point_opened", obj=point)
    point.refresh_from_db()
    return point


def _sentence(point) -> str:
    text = _(
        "Voting point “%(name)s” closed at %(time)s: %(issued)d ballots issued, %(spoiled)d "
        "spoiled, %(entered)d entered."
    ) % {
        "name": point.name,
        "time": timezone.localtime(point.closed_at).strftime("%Y-%m-%d %H:%M"),
        "issued": point.ballots_issued,
        "spoiled": point.spoiled,
        "entered": point.ballots_entered,
    }
    if point.discrepancy:
        text += " " + _(
            "The counts do not add up: %(expected)d expected (issued minus spoiled), "
            "%(entered)d entered."
        ) % {"expected": point.expected, "entered": point.ballots_entered}
    else:
        text += " " + _("The counts add up.")
    text += " " + _("Signed by: %(names)s.") % {"names": ", ".join(point.signatures)}
    return text


def protocol_sentence(point, language=None) -> str:
    """The closing protocol in one sentence, in `language` (or the reader's)."""
    if language is None:
        return _sentence(point)
    with translation.override(language):
        return _sentence(point)


def _checked_protocol(ballots_issued, spoiled, signatures, note) -> dict:
    if spoiled > ballots_issued:
        raise _invalid("spoiled", _("More ballots spoiled than issued."))
    names = [str(n).strip()[:200] for n in signatures if str(n).strip()]
    if not names:
        raise _invalid("signatures", _("At least one member of the point signs the protocol."))
    return {
        "ballots_issued": ballots_issued,
        "spoiled": spoiled,
        "signatures": names,
        "note": str(note or "").strip(),
    }


def point_close(*, point, by, ballots_issued, spoiled, signatures, note="") -> VotingPoint:
    """The point's officer (or an organizer) closes it with its protocol; from then on it takes
    no ballot, and the protocol (entered vs issued, spoiled, signatures, time) is public."""
    check(by, point.cycle, "run_voting_point")
    require_staff(point, by)
    protocol = _checked_protocol(ballots_issued, spoiled, signatures, note)
    with transaction.atomic():
        locked = VotingPoint.objects.select_for_update().get(pk=point.pk)
        if locked.status != PointStatus.OPEN:
            raise Conflict(_("Only an open voting point can be closed."))
        for field, value in protocol.items():
            setattr(locked, field, value)
        # counted under the lock: an entry that got the lock first is in, any later one refused
        locked.ballots_entered = locked.ballots.count()
        locked.status, locked.closed_at = PointStatus.CLOSED, timezone.now()
        locked.save()
        record.log(
            cycle=point.cycle,
            actor=by,
            action="voting_point_closed",
            obj=locked,
            reason=locked.note,
            data={
                "protocol_ka": protocol_sentence(locked, "ka"),
                "protocol_en": protocol_sentence(locked, "en"),
                "ballots_issued": locked.ballots_issued,
                "spoiled": locked.spoiled,
                "ballots_entered": locked.ballots_entered,
                "signatures": locked.signatures,
                "closed_at": locked.closed_at.isoformat(),
            },
        )
    locked.cycle = point.cycle
    return locked


def live_count(*, point, by) -> dict:
    """What an observer sees: how many ballots (and people) were entered at the point, now."""
    require_watcher(point, by)
    counted = VotingPoint.objects.with_counts().values("entered", "voters").get(pk=point.pk)
    return {
        "voting_point": point.pk,
        "status": point.status,
        "ballots": counted["entered"],
        "voters": counted["voters"],
        "at": timezone.now(),
    }
