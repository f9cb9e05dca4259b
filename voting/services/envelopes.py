"""Envelopes: organizers split the cycle's budget before voting; opening the vote freezes the
shortlist into them as ballot projects, and from then on the ballot does not change."""

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Conflict, Invalid
from core.services import model_update
from core.translation import both
from cycles.permissions import check
from cycles.services import check_tally_rule
from notifications.services import notify
from proposals.models import Proposal, ProposalStatus
from record import services as record

from ..models import ENVELOPE_FIELDS, BallotProject, Envelope

ONE_PER_COMMUNITY = gettext_lazy("This cycle already has an envelope for that community.")


def _check_envelope(cycle, envelope):
    """The envelope as it would be: in the cycle's municipality, within the cycle's budget."""
    if envelope.community_id and envelope.community.municipality_id != cycle.municipality_id:
        raise Invalid(
            fields={"community": [_("This community is not in the cycle's municipality.")]}
        )
    others = cycle.envelopes.exclude(pk=envelope.pk).aggregate(s=Sum("budget"))["s"] or 0
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
    envelope.full_clean(exclude=["cycle"], validate_unique=False, validate_constraints=False)
    if envelope.tally_rule:
        check_tally_rule(envelope.tally_rule, envelope.tally_threshold)


def envelope_create(*, cycle, by, data) -> Envelope:
    """Organizers split the budget into envelopes before voting; one per community at most."""
    check(by, cycle, "manage_envelopes")
    envelope = Envelope(cycle=cycle, **{f: data[f] for f in ENVELOPE_FIELDS if f in data})
    _check_envelope(cycle, envelope)
    try:
        with transaction.atomic():
            envelope.save()
            record.log(
                cycle=cycle,
                actor=by,
                action="envelope_created",
                obj=envelope,
                data={"budget": str(envelope.budget), "ballot_kind": envelope.ballot_kind},
            )
    except IntegrityError:
        raise Conflict(ONE_PER_COMMUNITY) from None
    return envelope


def envelope_update(*, envelope, by, data) -> Envelope:
    """Envelopes change only before voting opens: after that the ballot is frozen."""
    cycle = envelope.cycle
    check(by, cycle, "manage_envelopes")
    try:
        with transaction.atomic():
            locked = Envelope.objects.select_for_update().get(pk=envelope.pk)
            after = {f: data[f] if f in data else getattr(locked, f) for f in ENVELOPE_FIELDS}
            _check_envelope(cycle, Envelope(pk=locked.pk, cycle=cycle, **after))
            changes = model_update(locked, data, ENVELOPE_FIELDS)
            if changes:
                record.log(
                    cycle=cycle, actor=by, action="envelope_changed", obj=locked, data=changes
                )
    except IntegrityError:
        raise Conflict(ONE_PER_COMMUNITY) from None
    return locked


def envelope_delete(*, envelope, by) -> None:
    """An envelope may be removed before voting opens."""
    cycle = envelope.cycle
    check(by, cycle, "manage_envelopes")
    with transaction.atomic():
        record.log(cycle=cycle, actor=by, action="envelope_deleted", obj=envelope)
        envelope.delete()


def open_voting(cycle, by) -> list[BallotProject]:
    """When voting opens (PHASE_ENTERED), the shortlist is frozen as ballot projects in their
    envelopes: what voters see is what is counted."""
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
    record.log(
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
        {"cycle": cycle.pk, "cycle_title": both(cycle, "title")},
        subject=f"cycle:{cycle.pk}:voting",
    )
    return frozen
