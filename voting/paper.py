"""Paper ballots at voting points: staff enter them under the same identity rule as online.

The personal number resolves to the same VoterKey as online verification does, so a person who
voted online cannot vote on paper, and the reverse; corrections leave who, where, when and why on
the public record, never the vote.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import Invalid, NotFound
from cycles.models import Community
from cycles.phases import require
from cycles.services import require_organizer
from record.services import log

from .models import Ballot, Channel, VoterKey
from .models import voter_key_for as _voter_key_for
from .services import checked_choices, clean_identity, community_in, store_ballots


def _paper_voter(cycle, number, community):
    voter, _created = VoterKey.objects.get_or_create(
        cycle=cycle,
        key=_voter_key_for(number),
        defaults={"community": community_in(cycle, community)},
    )
    if voter.community_id is None and community is not None:
        voter.community = community_in(cycle, community)
        VoterKey.objects.filter(pk=voter.pk, community__isnull=True).update(
            community=voter.community
        )
    return voter


def _paper_common(cycle, by, voting_point, community):
    require_organizer(by, cycle.municipality_id)
    require(cycle, "enter_paper_ballot")
    voting_point = str(voting_point or "").strip()
    if not voting_point:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"voting_point": [_("Name the voting point.")]},
        )
    if community is not None and community.municipality_id != cycle.municipality_id:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"community": [_("This community is not in the cycle's municipality.")]},
        )
    return voting_point[:200]


def paper_ballot_enter(
    *, cycle, by, personal_number, birth_date, voting_point, envelopes, community=None
) -> list[Ballot]:
    """Staff at a voting point enter a paper ballot under the same identity rule as online."""
    voting_point = _paper_common(cycle, by, voting_point, community)
    number = clean_identity(cycle, personal_number, birth_date)
    try:
        with transaction.atomic():
            voter = _paper_voter(cycle, number, community)
    except IntegrityError:  # a concurrent entry created the key first: use theirs
        voter = VoterKey.objects.get(cycle=cycle, key=_voter_key_for(number))
    checked = checked_choices(cycle, voter, envelopes)
    with transaction.atomic():
        ballots = store_ballots(
            cycle=cycle,
            voter=voter,
            checked=checked,
            channel=Channel.PAPER,
            by=by,
            voting_point=voting_point,
        )
        log(
            cycle=cycle,
            actor=by,
            action="paper_ballot_entered",
            data={"voting_point": voting_point, "envelopes": [b.envelope_id for b in ballots]},
        )
    return ballots


def paper_ballot_correct(
    *, cycle, by, personal_number, birth_date, voting_point, envelopes, reason, community=None
) -> list[Ballot]:
    """A wrongly entered paper ballot is corrected, with who, where, when and why on record."""
    voting_point = _paper_common(cycle, by, voting_point, community)
    number = clean_identity(cycle, personal_number, birth_date)
    reason = str(reason or "").strip()
    if not reason:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"reason": [_("Say why the ballot is corrected.")]},
        )
    voter = VoterKey.objects.filter(cycle=cycle, key=_voter_key_for(number)).first()
    if voter is None:
        raise NotFound(_("There is no paper ballot of this person to correct."))
    checked = checked_choices(cycle, voter, envelopes)
    with transaction.atomic():
        ballots = store_ballots(
            cycle=cycle,
            voter=voter,
            checked=checked,
            channel=Channel.PAPER,
            by=by,
            voting_point=voting_point,
            correction=True,
        )
        log(
            cycle=cycle,
            actor=by,
            action="paper_ballot_corrected",
            reason=reason,
            data={"voting_point": voting_point, "envelopes": [b.envelope_id for b in ballots]},
        )
    return ballots


def community_or_none(cycle, community_id):
    if community_id in (None, ""):
        return None
    try:
        return Community.objects.get(pk=int(community_id), municipality_id=cycle.municipality_id)
    except (ValueError, TypeError, OverflowError, Community.DoesNotExist):
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"community": [_("This community is not in the cycle's municipality.")]},
        ) from None
