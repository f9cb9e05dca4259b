"""Casting online: a verified voter fills in the envelopes that apply to them during `voting`.

Every write for one voter locks that voter's key first, so two writers for one person (a double
click, the app and the web, staff at a voting point) queue up; the unique constraint on (envelope,
voter) is the final word if they still meet.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import AlreadyVoted, Invalid, NotFound
from core.translation import both
from notifications.services import notify

from ..ballots import BallotError, check_choices
from ..models import (
    Ballot,
    BallotChannel,
    BallotProject,
    Choice,
    Envelope,
    VoterKey,
    ballot_day,
    new_receipt,
)
from .identity import envelopes_for, require_voter


def checked_choices(cycle, voter, envelopes) -> list[tuple[Envelope, dict]]:
    """[(envelope, {project_id: points})] or Invalid naming each wrong field."""
    if not isinstance(envelopes, (list, tuple)) or not envelopes:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"envelopes": [_("Fill in the ballot of at least one envelope.")]},
        )
    mine = {e.pk: e for e in envelopes_for(cycle, voter)}
    projects = {}
    for p in BallotProject.objects.filter(envelope_id__in=mine):
        projects.setdefault(p.envelope_id, {})[p.pk] = p
    errors, out, seen = {}, [], set()
    for i, item in enumerate(envelopes):
        if not isinstance(item, dict):
            errors[f"envelopes.{i}"] = [_("Expected an object with envelope and choices.")]
            continue
        envelope_id = item.get("envelope")
        envelope = mine.get(envelope_id) if isinstance(envelope_id, int) else None
        if envelope is None:
            errors[f"envelopes.{i}.envelope"] = [_("You do not vote in this envelope.")]
            continue
        if envelope.pk in seen:
            errors[f"envelopes.{i}.envelope"] = [_("This envelope appears twice.")]
            continue
        seen.add(envelope.pk)
        try:
            out.append(
                (
                    envelope,
                    check_choices(envelope, projects.get(envelope.pk, {}), item.get("choices")),
                )
            )
        except BallotError as exc:
            errors[f"envelopes.{i}.choices"] = [str(exc)]
    if errors:
        raise Invalid(_("Check the highlighted fields."), fields=errors)
    return out


def _channel_message(ballot) -> str:
    if ballot.channel == BallotChannel.PAPER:
        return _("This person has already voted on paper, at the voting point “%(point)s”.") % {
            "point": ballot.voting_point.name if ballot.voting_point_id else ""
        }
    return _("This person has already voted online.")


def store_ballots(*, cycle, voter, checked, channel, by=None, voting_point=None, correction=False):
    """Write the voter's ballots; lock the voter first so two writers for one person queue up."""
    now = ballot_day()
    try:
        with transaction.atomic():
            VoterKey.objects.select_for_update().filter(pk=voter.pk).first()
            tag = voter.tag
            existing = {
                b.envelope_id: b
                for b in Ballot.objects.filter(envelope__cycle=cycle, voter_tag=tag).select_related(
                    "voting_point"
                )
            }
            for ballot in existing.values():
                if ballot.channel != channel:
                    raise AlreadyVoted(_channel_message(ballot))
            stored = []
            for envelope, picks in checked:
                ballot = existing.get(envelope.pk)
                if ballot is None:
                    if correction:
                        raise NotFound(_("There is no paper ballot of this person to correct."))
                    ballot = Ballot.objects.create(
                        envelope=envelope,
                        voter_tag=tag,
                        channel=channel,
                        voting_point=voting_point,
                        entered_by=by,
                        created_at=now,
                        updated_at=now,
                    )
                else:
                    if channel == BallotChannel.PAPER and not correction:
                        raise AlreadyVoted(_channel_message(ballot))
                    if channel == BallotChannel.ONLINE and not cycle.ballot_changes_allowed:
                        raise AlreadyVoted(
                            _(
                                "You have already voted, and this cycle does not allow changing "
                                "a ballot."
                            )
                        )
                    ballot.receipt = new_receipt()
                    ballot.updated_at = now
                    if correction:
                        ballot.voting_point, ballot.entered_by = voting_point, by
                    ballot.save()
                    ballot.choices.all().delete()
                Choice.objects.bulk_create(
                    Choice(ballot=ballot, project_id=pid, points=points)
                    for pid, points in picks.items()
                )
                stored.append(ballot)
            if not voter.voted:
                VoterKey.objects.filter(pk=voter.pk).update(voted=True)
                voter.voted = True
            return stored
    except IntegrityError:  # a concurrent writer got the same (envelope, voter) first
        raise AlreadyVoted() from None


def ballot_cast(*, cycle, user, envelopes) -> list[Ballot]:
    """A verified resident votes during `voting`; a new ballot replaces the old one if allowed."""
    voter = require_voter(cycle=cycle, user=user)
    checked = checked_choices(cycle, voter, envelopes)
    with transaction.atomic():
        ballots = store_ballots(
            cycle=cycle, voter=voter, checked=checked, channel=BallotChannel.ONLINE
        )
        receipts = ", ".join(b.receipt for b in ballots)
        # the outbox keeps no receipt in clear: sealed in the row (notifications.sealed), and
        # only a hash of them in its dedupe key
        digest = hashlib.sha256(receipts.encode()).hexdigest()[:16]
        notify(
            "ballot_received",
            [user],
            {"cycle": cycle.pk, "cycle_title": both(cycle, "title")},
            secret_context={"receipts": receipts},
            subject=f"cycle:{cycle.pk}:ballot:{digest}",
        )
    return ballots


def _ballots_of(cycle, user):
    if not (user and user.is_authenticated):
        return Ballot.objects.none()
    # no join leads from an account to its ballots: the key, then its tag (the app's secret)
    voter = VoterKey.objects.filter(cycle=cycle, user=user).only("pk", "cycle_id", "key").first()
    if voter is None:
        return Ballot.objects.none()
    return Ballot.objects.filter(envelope__cycle=cycle, voter_tag=voter.tag)


def my_ballots(*, cycle, user) -> list[Ballot]:
    """The ballots `user` cast online in `cycle`. A paper ballot is not shown online, whoever
    claims its number (see paper_vote_of)."""
    return list(
        _ballots_of(cycle, user)
        .filter(channel=BallotChannel.ONLINE)
        .select_related("envelope")
        .prefetch_related("choices")
        .order_by("envelope_id")
    )


def paper_vote_of(*, cycle, user) -> dict | None:
    """{"voting_point", "on"} if the person of `user`'s account voted on paper: where and on
    which day, never the choices or the receipt (the paper ballot stays at the voting point)."""
    ballot = (
        _ballots_of(cycle, user)
        .filter(channel=BallotChannel.PAPER)
        .order_by("created_at")
        .only("voting_point", "created_at")
        .first()
    )
    if ballot is None:
        return None
    return {
        "voting_point": ballot.voting_point,
        "on": timezone.localtime(ballot.created_at).date(),
    }


def receipt_counted(code: str) -> bool:
    """Whether a ballot with this receipt is counted, and nothing more."""
    code = str(code or "").strip().upper().replace("-", "").replace(" ", "")
    return bool(code) and len(code) <= 16 and Ballot.objects.filter(receipt=code).exists()
