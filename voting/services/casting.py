"""Casting online: a verified voter fills in the envelopes that apply to them during `voting`.

Every write for one voter locks that voter's key first, so two writers for one person (a double
click, the app and the web, staff at a voting point) queue up; the unique constraint on (envelope,
voter) is the final word if they still meet.
"""

import hashlib
import threading
from contextlib import nullcontext
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from core import sql
from core.errors import AlreadyVoted, Invalid, NotFound
from core.translation import both
from cycles.phases import Phase
from notifications.services import enqueue_soon, queue_split, split_row

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
    random_id,
)
from .identity import require_voter

# The ballot of a cycle in `voting` (its envelopes and their projects), kept per process: while
# voting is open the ballot is frozen (envelopes change only before voting, phases only move
# forward), so every cast would otherwise read the same rows again (issue 18, bench/ballots.py).
# Only a cycle in `voting` is kept; a save or delete of an envelope or ballot project, or a
# phase change seen by `_ballot_of`, empties it (the tests move phases back and forth).
_BALLOTS: dict[int, tuple] = {}
_BALLOTS_LOCK = threading.Lock()


def forget_ballots(**_kwargs) -> None:
    """Empty the per-process ballot cache (signal receiver; phase changes)."""
    with _BALLOTS_LOCK:
        _BALLOTS.clear()


for _model in (Envelope, BallotProject):
    post_save.connect(forget_ballots, sender=_model, dispatch_uid=f"forget_ballots_s_{_model}")
    post_delete.connect(forget_ballots, sender=_model, dispatch_uid=f"forget_ballots_d_{_model}")


def _ballot_of(cycle) -> tuple[list[Envelope], dict[int, dict]]:
    """([envelopes], {envelope_id: {project_id: project}}) of `cycle`, cached while voting."""
    cached = _BALLOTS.get(cycle.pk)
    if cached is not None and cached[0] == cycle.phase == Phase.VOTING:
        return cached[1], cached[2]
    envelopes = list(Envelope.objects.filter(cycle=cycle).select_related("community"))
    projects: dict[int, dict] = {}
    for p in BallotProject.objects.filter(envelope__cycle=cycle):
        projects.setdefault(p.envelope_id, {})[p.pk] = p
    with _BALLOTS_LOCK:
        if cycle.phase == Phase.VOTING:
            _BALLOTS[cycle.pk] = (cycle.phase, envelopes, projects)
        else:
            _BALLOTS.pop(cycle.pk, None)
    return envelopes, projects


def checked_choices(cycle, voter, envelopes) -> list[tuple[Envelope, dict]]:
    """[(envelope, {project_id: points})] or Invalid naming each wrong field."""
    if not isinstance(envelopes, (list, tuple)) or not envelopes:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"envelopes": [_("Fill in the ballot of at least one envelope.")]},
        )
    community_id = getattr(voter, "community_id", None)
    all_envelopes, projects = _ballot_of(cycle)
    # the municipality-wide envelope and the voter's community's (identity.envelopes_for)
    mine = {
        e.pk: e for e in all_envelopes if e.community_id is None or e.community_id == community_id
    }
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


class CastBallots(list):
    """The ballots one write stored (each with `picks`), and `others`: the voter's ballots it
    did not touch (read under the lock, without their choices)."""

    def __init__(self, ballots, others):
        super().__init__(ballots)
        self.others = others


_EXISTING = ("id", "envelope_id", "channel", "receipt", "voting_point_id", "entered_by_id")
_EXISTING += ("created_at", "updated_at")


def _lock_voter(voter, tag) -> dict[int, Ballot]:
    """Lock the voter's key and read their ballots in ONE round trip: the key LEFT JOIN the
    ballots carrying its tag, FOR UPDATE OF the key only (issue 18: the lock and the read were
    two queries; the ORM will not write FOR UPDATE OF beside a values() join). The tag comes
    from the app's secret (models.ballot_tag_for): the database alone cannot make this join."""
    columns = ", ".join(f"b.{connection.ops.quote_name(f)}" for f in _EXISTING)
    sql = (
        f"SELECT {columns} FROM {VoterKey._meta.db_table} k "
        f"LEFT JOIN {Ballot._meta.db_table} b ON b.voter_tag = %s "
        "WHERE k.id = %s FOR UPDATE OF k"
    )
    if connection.vendor != "postgresql":  # SQLite has no FOR UPDATE: its writes are serial
        sql = sql.removesuffix(" FOR UPDATE OF k")
    with connection.cursor() as cursor:
        cursor.execute(sql, [tag, voter.pk])
        rows = cursor.fetchall()
    existing = {}
    for row in rows:
        if row[0] is not None:
            values = dict(zip(_EXISTING, row, strict=True), voter_tag=tag)
            ballot = Ballot(**values)  # every field: nothing deferred, save() writes them all
            ballot._state.adding, ballot._state.db = False, "default"
            existing[ballot.envelope_id] = ballot
    return existing


def store_ballots(*, cycle, voter, checked, channel, by=None, voting_point=None, correction=False):
    """Write the voter's ballots; lock the voter first so two writers for one person queue up.

    New ballots go in one INSERT and all their choices in another (issue 18); each ballot gets
    `picks`, the {project_id: points} just written, so the reply needs no read-back."""
    now = ballot_day()
    tag = voter.tag
    try:
        # no savepoint of its own inside the caller's transaction (two round trips less); an
        # IntegrityError below ends the whole cast anyway
        with transaction.atomic(savepoint=False):
            existing = _lock_voter(voter, tag)
            for ballot in existing.values():
                if ballot.channel != channel:
                    raise AlreadyVoted(_channel_message(ballot))
            stored, new = [], []
            for envelope, picks in checked:
                ballot = existing.get(envelope.pk)
                if ballot is None:
                    if correction:
                        raise NotFound(_("There is no paper ballot of this person to correct."))
                    ballot = Ballot(
                        envelope=envelope,
                        voter_tag=tag,
                        channel=channel,
                        voting_point=voting_point,
                        entered_by=by,
                        created_at=now,
                        updated_at=now,
                    )
                    new.append(ballot)
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
                    ballot.envelope = envelope
                    ballot.receipt = new_receipt()
                    ballot.updated_at = now
                    if correction:
                        ballot.voting_point, ballot.entered_by = voting_point, by
                    ballot.save()
                    Choice.objects.filter(ballot=ballot).delete()
                ballot.picks = picks
                stored.append(ballot)
            Ballot.objects.bulk_create(new)  # PostgreSQL returns the new ids
            Choice.objects.bulk_create(
                Choice(ballot=ballot, project_id=pid, points=points)
                for ballot in stored
                for pid, points in ballot.picks.items()
            )
            if not voter.voted:  # turnout and reminders read this flag, set with the ballot
                VoterKey.objects.filter(pk=voter.pk).update(voted=True)
                voter.voted = True
            stored_ids = {b.envelope_id for b in stored}
            others = [b for b in existing.values() if b.envelope_id not in stored_ids]
            return CastBallots(stored, others)
    except IntegrityError:  # a concurrent writer got the same (envelope, voter) first
        raise AlreadyVoted() from None


def _receipt(cycle, user, ballots):
    """The "ballot received" notice of `ballots`, as one row the worker splits into channels
    (no preference or device query here). The outbox keeps no receipt in clear: sealed in the
    row (notifications.sealed), and only a hash of them in its dedupe key."""
    receipts = ", ".join(b.receipt for b in ballots)
    digest = hashlib.sha256(receipts.encode()).hexdigest()[:16]
    return split_row(
        "ballot_received",
        user,
        {"cycle": cycle.pk, "cycle_title": both(cycle, "title")},
        secret_context={"receipts": receipts},
        subject=f"cycle:{cycle.pk}:ballot:{digest}",
    )


def first_ballot_cast(cycle, user, voter, checked) -> CastBallots | None:
    """A voter's first ballots, their choices, the voter's `voted` flag and the receipt's outbox
    row in ONE statement, its own transaction (issue 18: four round trips, not ten).

    The flag is the guard: `UPDATE ... SET voted WHERE NOT voted` takes the key's row lock, and
    nothing is inserted unless it changed the row. Every ballot, online or on paper, sets the
    flag under that lock (store_ballots), so a voter who voted meanwhile (a double click, a paper
    ballot) turns this into no write at all, and None sends the caller to the locked path."""
    now = ballot_day()
    tag = voter.tag
    ballots, choices = [], []
    for envelope, picks in checked:
        ballot = Ballot(
            id=random_id(),
            envelope=envelope,
            voter_tag=tag,
            channel=BallotChannel.ONLINE,
            receipt=new_receipt(),
            created_at=now,
            updated_at=now,
        )
        ballot.picks = picks
        ballots.append(ballot)
        choices += [
            Choice(id=random_id(), ballot_id=ballot.pk, project_id=p, points=n)
            for p, n in picks.items()
        ]
    notice = _receipt(cycle, user, ballots)
    parts = [sql.insert(ballots, guard="k"), sql.insert([notice], guard="k", ignore_conflicts=True)]
    if choices:
        parts.append(sql.insert(choices, guard="k"))
    statement = (
        f"WITH k AS (UPDATE {VoterKey._meta.db_table} SET voted = true "
        "WHERE id = %s AND NOT voted RETURNING id), "
        + ", ".join(f"w{i} AS ({text})" for i, (text, _params) in enumerate(parts))
        + " SELECT count(*) FROM k"
    )
    params = [voter.pk] + [p for _text, values in parts for p in values]
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
                (wrote,) = cursor.fetchone()
    except IntegrityError:  # (envelope, voter) taken by a writer that did not set the flag:
        return None  # nothing was written; the locked path decides, as for a second ballot
    if not wrote:
        return None
    voter.voted = True
    # to a worker in a moment, with the other receipts of that moment (relay.py)
    transaction.on_commit(partial(enqueue_soon, [str(notice.id)]), robust=True)
    return CastBallots(ballots, [])


def ballot_cast(*, cycle, user, envelopes, voter=None) -> list[Ballot]:
    """A verified resident votes during `voting`; a new ballot replaces the old one if allowed.

    `voter`: the key `require_voter` just gave the caller (the API asks before reading the
    body), so it is not looked up twice. Returns CastBallots."""
    if voter is None or voter.user_id != user.pk or voter.cycle_id != cycle.pk:
        voter = require_voter(cycle=cycle, user=user)
    checked = checked_choices(cycle, voter, envelopes)
    if not voter.voted and connection.vendor == "postgresql":
        ballots = first_ballot_cast(cycle, user, voter, checked)
        if ballots is not None:
            return ballots
    with transaction.atomic():
        ballots = store_ballots(
            cycle=cycle, voter=voter, checked=checked, channel=BallotChannel.ONLINE
        )
        queue_split(_receipt(cycle, user, ballots))
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
