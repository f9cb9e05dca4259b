"""Paper ballots at voting points: officers enter them under the same identity rule as online.

The personal number resolves to the same VoterKey as online verification does, so a person who
voted online cannot vote on paper, and the reverse; corrections leave who, where, when and why on
the public record, never the vote.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from core.errors import Invalid, NotFound
from cycles.models import Community
from cycles.permissions import check
from record import services as record
from voting_points import services as points

from ..models import Ballot, BallotChannel, VoterKey, birth_hash_for, voter_key_for
from .casting import checked_choices, store_ballots
from .identity import clean_identity, community_in
from .roll import on_roll


@sensitive_variables("personal_number", "birth_date", "number")
def _paper_voter(cycle, number, community, birth_date) -> VoterKey:
    """The person's voter key, made on their first paper ballot if they have none yet, with
    their birth date's hash: only that birth date can later claim the key online."""
    entry = on_roll(cycle, number, birth_date)
    if entry is not None:  # the roll, not what was typed, says where the person lives
        community = entry.community
    try:
        with transaction.atomic():
            voter, _created = VoterKey.objects.get_or_create(
                cycle=cycle,
                key=voter_key_for(number),
                defaults={
                    "community": community_in(cycle, community),
                    "birth_hash": birth_hash_for(number, birth_date),
                },
            )
    except IntegrityError:  # a concurrent entry created the key first: use theirs
        voter = VoterKey.objects.get(cycle=cycle, key=voter_key_for(number))
    if voter.birth_hash and voter.birth_hash != birth_hash_for(number, birth_date):
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"birth_date": [_("This is not the birth date this person verified with.")]},
        )
    if voter.community_id is None and community is not None:
        voter.community = community_in(cycle, community)
        VoterKey.objects.filter(pk=voter.pk, community__isnull=True).update(
            community=voter.community
        )
    return voter


def _checked_point(cycle, by, voting_point, community, *, correction=False):
    """The named point, if `by` may enter (or correct) a ballot there now: 403 for anyone but
    its officers (organizers: corrections only), 409 once it is closed."""
    check(by, cycle, "enter_paper_ballot")
    point = points.point_of(cycle, voting_point)
    points.require_entry(point, by, correction=correction)
    if community is not None and community.municipality_id != cycle.municipality_id:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"community": [_("This community is not in the cycle's municipality.")]},
        )
    return point


@sensitive_variables("personal_number", "birth_date", "number")
def paper_ballot_enter(
    *, cycle, by, personal_number, birth_date, voting_point, envelopes, community=None
) -> list[Ballot]:
    """An officer enters a paper ballot at their own open point, under the online identity rule."""
    point = _checked_point(cycle, by, voting_point, community)
    number = clean_identity(cycle, personal_number, birth_date)
    voter = _paper_voter(cycle, number, community, birth_date)
    checked = checked_choices(cycle, voter, envelopes)
    with transaction.atomic():
        # the point's lock orders this entry and the point's close: in before it, or refused
        point = points.lock_for_entry(point, by)
        ballots = store_ballots(
            cycle=cycle,
            voter=voter,
            checked=checked,
            channel=BallotChannel.PAPER,
            by=by,
            voting_point=point,
        )
        record.log(
            cycle=cycle,
            actor=by,
            action="paper_ballot_entered",
            data={
                "voting_point": point.name,
                "voting_point_id": point.pk,
                "envelopes": [b.envelope_id for b in ballots],
            },
        )
    return ballots


@sensitive_variables("personal_number", "birth_date", "number")
def paper_ballot_correct(
    *, cycle, by, personal_number, birth_date, voting_point, envelopes, reason, community=None
) -> list[Ballot]:
    """A wrongly entered paper ballot is corrected at the point where it was entered, by its
    officer while the point is open or by an organizer, with who, where, when and why on the
    public record."""
    point = _checked_point(cycle, by, voting_point, community, correction=True)
    number = clean_identity(cycle, personal_number, birth_date)
    reason = str(reason or "").strip()
    if not reason:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"reason": [_("Say why the ballot is corrected.")]},
        )
    on_roll(cycle, number, birth_date)
    voter = VoterKey.objects.filter(cycle=cycle, key=voter_key_for(number)).first()
    entered_here = (
        voter is not None
        and (
            Ballot.objects.filter(voter_tag=voter.tag, envelope__cycle=cycle, voting_point=point)
        ).exists()
    )
    if not entered_here:
        raise NotFound(_("There is no paper ballot of this person at this voting point."))
    checked = checked_choices(cycle, voter, envelopes)
    with transaction.atomic():
        point = points.lock_for_entry(point, by, correction=True)
        ballots = store_ballots(
            cycle=cycle,
            voter=voter,
            checked=checked,
            channel=BallotChannel.PAPER,
            by=by,
            voting_point=point,
            correction=True,
        )
        record.log(
            cycle=cycle,
            actor=by,
            action="paper_ballot_corrected",
            reason=reason,
            data={
                "voting_point": point.name,
                "voting_point_id": point.pk,
                "envelopes": [b.envelope_id for b in ballots],
            },
        )
    return ballots


def community_or_none(cycle, community_id):
    """The community a client named by id, if it is one of the cycle's municipality."""
    if community_id in (None, ""):
        return None
    try:
        return Community.objects.get(pk=int(community_id), municipality_id=cycle.municipality_id)
    except (ValueError, TypeError, OverflowError, Community.DoesNotExist):
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"community": [_("This community is not in the cycle's municipality.")]},
        ) from None
