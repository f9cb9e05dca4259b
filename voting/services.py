"""Voting: envelopes, opening the vote, voter verification, online and paper ballots, turnout.

One person, one ballot per envelope, across channels: both channels resolve the person to the same
VoterKey (the HMAC of the personal number), every write for one voter locks that row, and the
database's unique constraints are the final word if two writers still meet.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import AlreadyVoted, Conflict, Forbidden, Invalid, NotFound
from core.translation import both
from cycles.phases import require
from cycles.services import require_organizer
from notifications.services import notify
from proposals.models import Proposal, ProposalStatus
from record.services import log

from .ballots import BallotError, check_choices
from .models import Ballot, BallotProject, Channel, Choice, Envelope, VoterKey, new_receipt
from .models import voter_key_for as _voter_key_for
from .results import publish_results  # noqa: F401  (PHASE_ENTERED["results"] points here)

ENVELOPE_FIELDS = (
    "community",
    "budget",
    "ballot_kind",
    "max_choices",
    "min_share",
    "points",
    "max_points_per_project",
)


def cycle_title(cycle) -> dict:
    return both(cycle, "title")


# --- envelopes ---


def _check_envelope(cycle, envelope, exclude_pk=None):
    if envelope.community_id and envelope.community.municipality_id != cycle.municipality_id:
        raise Invalid(
            fields={"community": [_("This community is not in the cycle's municipality.")]}
        )
    others = cycle.envelopes.exclude(pk=exclude_pk).aggregate(s=Sum("budget"))["s"] or 0
    if others + envelope.budget > cycle.total_budget:
        raise Invalid(
            fields={
                "budget": [
                    _(
                        "The envelopes would add up to %(sum)s GEL, more than the cycle's budget "
                        "of %(total)s GEL."
                    )
                    % {"sum": others + envelope.budget, "total": cycle.total_budget}
                ]
            }
        )


def _save_envelope(cycle, envelope, by, action, exclude_pk=None) -> Envelope:
    _check_envelope(cycle, envelope, exclude_pk)
    try:
        with transaction.atomic():
            envelope.full_clean(
                exclude=["cycle"], validate_unique=False, validate_constraints=False
            )
            envelope.save()
            log(
                cycle=cycle,
                actor=by,
                action=action,
                obj=envelope,
                data={"budget": str(envelope.budget), "ballot_kind": envelope.ballot_kind},
            )
    except IntegrityError:
        raise Conflict(_("This cycle already has an envelope for that community.")) from None
    return envelope


def envelope_create(*, cycle, by, data) -> Envelope:
    """Organizers split the budget into envelopes before voting; one per community at most."""
    require_organizer(by, cycle.municipality_id)
    require(cycle, "manage_envelopes")
    envelope = Envelope(cycle=cycle, **{k: v for k, v in data.items() if k in ENVELOPE_FIELDS})
    return _save_envelope(cycle, envelope, by, "envelope_created")


def envelope_update(*, envelope, by, data) -> Envelope:
    """Envelopes change only before voting opens: after that the ballot is frozen."""
    cycle = envelope.cycle
    require_organizer(by, cycle.municipality_id)
    require(cycle, "manage_envelopes")
    for key, value in data.items():
        if key in ENVELOPE_FIELDS:
            setattr(envelope, key, value)
    return _save_envelope(cycle, envelope, by, "envelope_changed", exclude_pk=envelope.pk)


def envelope_delete(*, envelope, by) -> None:
    """An envelope may be removed before voting opens."""
    cycle = envelope.cycle
    require_organizer(by, cycle.municipality_id)
    require(cycle, "manage_envelopes")
    with transaction.atomic():
        log(cycle=cycle, actor=by, action="envelope_deleted", obj=envelope)
        envelope.delete()


# --- opening the vote (PHASE_ENTERED["voting"]) ---


def open_voting(cycle, by) -> list[BallotProject]:
    """When voting opens, the shortlist is frozen as ballot projects in their envelopes."""
    envelopes = {e.community_id: e for e in Envelope.objects.filter(cycle=cycle)}
    if not envelopes:
        envelopes[None] = Envelope.objects.create(
            cycle=cycle, budget=cycle.total_budget, ballot_kind=cycle.ballot_kind
        )
    frozen = []
    for proposal in Proposal.objects.filter(cycle=cycle, status=ProposalStatus.SHORTLISTED):
        envelope = envelopes.get(proposal.community_id) or envelopes.get(None)
        if envelope is None:
            raise Conflict(
                _(
                    "“%(title)s” belongs to no envelope: add a municipality-wide envelope or one "
                    "for its community."
                )
                % {"title": proposal.title}
            )
        project, _created = BallotProject.objects.get_or_create(
            proposal=proposal,
            defaults={
                "envelope": envelope,
                "title": proposal.title,
                "summary": proposal.summary,
                "cost": proposal.final_cost,
            },
        )
        frozen.append(project)
    log(
        cycle=cycle,
        actor=by,
        action="ballot_frozen",
        data={
            "tally_rule": cycle.tally_rule,
            "ballot_changes_allowed": cycle.ballot_changes_allowed,
            "envelopes": [
                {"envelope": e.pk, "name": e.name, "budget": str(e.budget), "kind": e.ballot_kind}
                for e in envelopes.values()
            ],
            "projects": [p.pk for p in frozen],
        },
    )
    residents = cycle.municipality.residents.filter(is_active=True, phone_verified=True)
    notify(
        "voting_opened",
        residents,
        {"cycle": cycle.pk, "cycle_title": cycle_title(cycle)},
        subject=f"cycle:{cycle.pk}:voting",
    )
    return frozen


# --- voter verification ---

CONTACT_MUNICIPALITY = gettext_lazy(
    "This personal number is already verified on another account. If it is yours, please "
    "contact the municipality."
)


def age_on(birth_date, day) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def clean_identity(cycle, personal_number, birth_date) -> str:
    """The personal number, checked; the person old enough. The number never reaches a log."""
    errors = {}
    number = str(personal_number or "").strip()
    if not (len(number) == 11 and number.isdigit() and number.isascii()):
        errors["personal_number"] = [_("A personal number has exactly 11 digits.")]
    if not isinstance(birth_date, datetime.date):
        errors["birth_date"] = [_("Enter the birth date.")]
    elif age_on(birth_date, timezone.localdate()) < cycle.min_voter_age:
        errors["birth_date"] = [
            _("Voters must be at least %(age)d years old.") % {"age": cycle.min_voter_age}
        ]
    if errors:
        raise Invalid(_("Check the highlighted fields."), fields=errors)
    return number


def community_in(cycle, community):
    if community is not None and community.municipality_id == cycle.municipality_id:
        return community
    return None


def voter_verify(*, cycle, user, personal_number, birth_date) -> VoterKey:
    """A resident of minimum age proves who they are; one personal number per account per cycle."""
    require(cycle, "verify_voter")
    if not (user and user.is_authenticated):
        raise Forbidden(_("Log in first."))
    if user.municipality_id != cycle.municipality_id:
        raise Forbidden(
            _("Only residents of %(m)s vote in this cycle.") % {"m": cycle.municipality.name}
        )
    if not user.phone_verified:
        raise Forbidden(_("Verify your phone number first, on your account page."))
    number = clean_identity(cycle, personal_number, birth_date)
    if user.birth_date and user.birth_date != birth_date:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"birth_date": [_("This is not the birth date on your account.")]},
        )
    key = _voter_key_for(number)
    try:
        with transaction.atomic():
            existing = VoterKey.objects.select_for_update().filter(cycle=cycle, key=key).first()
            if existing is not None and existing.user_id == user.pk:
                return existing
            if existing is not None and existing.user_id is not None:
                raise Conflict(CONTACT_MUNICIPALITY)
            if VoterKey.objects.filter(cycle=cycle, user=user).exists():
                raise Conflict(
                    _(
                        "Your account is already verified for this cycle with another personal "
                        "number. Please contact the municipality."
                    )
                )
            if existing is not None:  # this person voted on paper before having an account
                claimed = VoterKey.objects.filter(pk=existing.pk, user__isnull=True).update(
                    user=user, community=existing.community or community_in(cycle, user.community)
                )
                if not claimed:
                    raise Conflict(CONTACT_MUNICIPALITY)
                existing.refresh_from_db()
                return existing
            return VoterKey.objects.create(
                cycle=cycle, key=key, user=user, community=community_in(cycle, user.community)
            )
    except IntegrityError:  # another request verified the same number or account meanwhile
        raise Conflict(CONTACT_MUNICIPALITY) from None


def voter_key_of(*, cycle, user):
    if not (user and user.is_authenticated):
        return None
    return VoterKey.objects.filter(cycle=cycle, user=user).select_related("community").first()


def envelopes_for(cycle, voter_or_community):
    """The envelopes a voter votes in: the municipality-wide one and their community's."""
    community_id = getattr(voter_or_community, "community_id", None)
    envelopes = Envelope.objects.filter(cycle=cycle).select_related("community")
    return [e for e in envelopes if e.community_id is None or e.community_id == community_id]


# --- casting ---


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
    if ballot.channel == Channel.PAPER:
        return _("This person has already voted on paper, at the voting point “%(point)s”.") % {
            "point": ballot.voting_point
        }
    return _("This person has already voted online.")


def store_ballots(*, cycle, voter, checked, channel, by=None, voting_point="", correction=False):
    """Write the voter's ballots; lock the voter first so two writers for one person queue up."""
    now = timezone.now()
    try:
        with transaction.atomic():
            VoterKey.objects.select_for_update().filter(pk=voter.pk).first()
            existing = {b.envelope_id: b for b in Ballot.objects.filter(voter=voter)}
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
                        voter=voter,
                        channel=channel,
                        voting_point=voting_point,
                        entered_by=by,
                        created_at=now,
                        updated_at=now,
                    )
                else:
                    if channel == Channel.PAPER and not correction:
                        raise AlreadyVoted(_channel_message(ballot))
                    if channel == Channel.ONLINE and not cycle.ballot_changes_allowed:
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
            return stored
    except IntegrityError:  # a concurrent writer got the same (envelope, voter) first
        raise AlreadyVoted() from None


def ballot_cast(*, cycle, user, envelopes) -> list[Ballot]:
    """A verified resident votes during `voting`; a new ballot replaces the old one if allowed."""
    require(cycle, "cast_ballot")
    voter = voter_key_of(cycle=cycle, user=user)
    if voter is None:
        raise Forbidden(_("Verify yourself as a voter first (personal number and birth date)."))
    checked = checked_choices(cycle, voter, envelopes)
    with transaction.atomic():
        ballots = store_ballots(cycle=cycle, voter=voter, checked=checked, channel=Channel.ONLINE)
        receipts = ", ".join(b.receipt for b in ballots)
        notify(
            "ballot_received",
            [user],
            {"cycle": cycle.pk, "cycle_title": cycle_title(cycle), "receipts": receipts},
            subject=f"cycle:{cycle.pk}:ballot:{receipts}",
        )
    return ballots


def my_ballots(*, cycle, user) -> list[Ballot]:
    if not (user and user.is_authenticated):
        return []
    # one join, not a voter-key lookup first: this runs after every cast (bench/ballots.py)
    return list(
        Ballot.objects.filter(voter__cycle=cycle, voter__user=user)
        .select_related("envelope")
        .prefetch_related("choices")
        .order_by("envelope_id")
    )


def receipt_counted(code: str) -> bool:
    """Whether a ballot with this receipt is counted, and nothing more."""
    code = str(code or "").strip().upper().replace("-", "").replace(" ", "")
    return bool(code) and len(code) <= 16 and Ballot.objects.filter(receipt=code).exists()
