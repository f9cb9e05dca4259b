"""The cycle spine: setting up and editing a cycle, moving its phase (one function, `advance`),
and asking what a user may do now."""

import logging

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from civic_budget import wiring
from core.errors import Conflict, Forbidden, Invalid, ReasonRequired
from core.services import model_update, plain
from core.translation import both
from notifications.services import localized, notify
from record import services as record

from .models import SCHEDULE_FIELDS, Cycle, PhaseTransition, TallyRule, default_schedule
from .phases import ACTIONS, ORDER, TRANSITIONS, Phase, require

log = logging.getLogger(__name__)


def has_role(user, cycle, role) -> bool:
    """Whether `user` holds `role` (a role of the phase table) in `cycle`."""
    if role == "anyone":
        return True
    if not (user and user.is_authenticated):
        return False
    if role == "user":
        return True
    if role == "resident":
        return user.municipality_id == cycle.municipality_id
    if role == "organizer":
        return user.is_organizer_of(cycle.municipality_id)
    checker = wiring.CYCLE_ROLES.get(role)
    return bool(checker and import_string(checker)(user, cycle))


def allowed_actions(cycle, user) -> list[str]:
    """What `user` may do in `cycle` right now: the phase table crossed with the user's roles."""
    roles = {}
    out = []
    for action, (phases, role) in ACTIONS.items():
        if cycle.phase not in phases:
            continue
        if role not in roles:
            roles[role] = has_role(user, cycle, role)
        if roles[role]:
            out.append(action)
    return out


def require_organizer(user, municipality_id):
    """Organizers act only in their own municipality."""
    if not (user and user.is_authenticated and user.is_organizer_of(municipality_id)):
        raise Forbidden(_("Only organizers of this municipality may do this."))


def check_tally_rule(rule, threshold, *, field="tally_threshold") -> None:
    """greedy-threshold needs its threshold (a whole number of votes, 1 or more); the other
    rules ignore one, so switching rules back and forth keeps it."""
    if rule == TallyRule.GREEDY_THRESHOLD and not threshold:
        raise Invalid(
            fields={
                field: [
                    _(
                        "Greedy with a threshold needs the threshold: how many votes a project needs."
                    )
                ]
            }
        )


def _check_rules(values) -> None:
    """A cycle's own rules, whoever edits it: the minimum project cost is not above the maximum,
    and each phase starts after the one before it."""
    lo, hi = values.get("min_project_cost"), values.get("max_project_cost")
    if lo is not None and hi is not None and lo > hi:
        raise Invalid(
            fields={"min_project_cost": [_("The minimum cost cannot be above the maximum.")]}
        )
    check_tally_rule(values.get("tally_rule"), values.get("tally_threshold"))
    starts = [values[f] for f in SCHEDULE_FIELDS.values() if values.get(f)]
    if starts != sorted(starts):
        raise Invalid(fields={"schedule": [_("Each phase must start after the one before it.")]})


def cycle_create(*, by, data) -> Cycle:
    """An organizer sets up a cycle of their own municipality; one per municipality and year."""
    municipality = data["municipality"]
    require_organizer(by, municipality.pk)
    values = {**default_schedule(data["year"])}
    values.update({f: data[f] for f in Cycle.EDITABLE_FIELDS if f in data})
    _check_rules(values)
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(municipality=municipality, **values)
            record.log(
                cycle=cycle,
                actor=by,
                action="cycle_created",
                obj=cycle,
                data={"municipality": municipality.pk, **{k: plain(v) for k, v in values.items()}},
            )
    except IntegrityError:  # the unique constraint settles two organizers creating at once
        raise Conflict(_("This municipality already has a cycle for that year.")) from None
    return cycle


def frozen_rules_in(cycle, data) -> list[str]:
    """The rules of the vote `data` would change (any named, for a client's body)."""
    return [f for f in Cycle.VOTING_RULE_FIELDS if f in data and data[f] != getattr(cycle, f, None)]


def require_rules_open(cycle, data) -> None:
    """Once voting opens, the rules of the vote do not change: 409 phase_closed."""
    if frozen_rules_in(cycle, data):
        require(cycle, "change_voting_rules")


def cycle_update(*, cycle, by, data) -> Cycle:
    """Organizers of the cycle's municipality edit it until it is closed; the record keeps
    every change of budget, rules or schedule with its old and new value."""
    require_organizer(by, cycle.municipality_id)
    if "municipality" in data and data["municipality"].pk != cycle.municipality_id:
        raise Invalid(fields={"municipality": [_("A cycle cannot move to another municipality.")]})
    try:
        with transaction.atomic():
            # the lock orders this edit with a phase change: no edit lands after `closed`
            cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
            require(cycle, "edit_cycle")
            require_rules_open(cycle, data)
            _check_rules({f: data.get(f, getattr(cycle, f)) for f in Cycle.EDITABLE_FIELDS})
            changes = model_update(cycle, data, Cycle.EDITABLE_FIELDS)
            if changes:
                record.log(cycle=cycle, actor=by, action="cycle_changed", obj=cycle, data=changes)
    except IntegrityError:  # the year of another cycle of the municipality
        raise Conflict(_("This municipality already has a cycle for that year.")) from None
    return cycle


def unfinished(cycle, to) -> list:
    """What the current phase leaves undone if the cycle enters `to` now (for the confirmation
    an organizer sees first, and the guard below)."""
    return [
        item for path in wiring.PHASE_UNFINISHED.get(to, []) for item in import_string(path)(cycle)
    ]


def advance(*, cycle, to, by=None, reason="") -> PhaseTransition:
    """Move a cycle one phase forward, if the guards agree; only one mover ever wins. Work left
    undone that needs a reason (unscreened ideas) is refused without one."""
    if by is not None:
        require_organizer(by, cycle.municipality_id)
    if to not in ORDER:
        raise Invalid(fields={"to": [_("Unknown phase.")]})
    with transaction.atomic():
        current = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if current.phase == to:
            raise Conflict(_("The cycle is already in this phase."))
        if TRANSITIONS.get(current.phase) != to:
            raise Conflict(
                _("The cycle can only move from %(now)s to %(next)s.")
                % {
                    "now": Phase(current.phase).label,
                    "next": Phase(TRANSITIONS[current.phase]).label
                    if current.phase in TRANSITIONS
                    else "-",
                }
            )
        for path in wiring.PHASE_GUARDS.get(to, []):
            import_string(path)(current)
        blocking = [item for item in unfinished(current, to) if item.needs_reason]
        if blocking and not (reason or "").strip():
            said = " ".join(item.message for item in blocking)
            raise ReasonRequired(
                _("%(unfinished)s Say why the cycle moves on anyway; the reason is public.")
                % {"unfinished": said},
                fields={"reason": [_("Say why the cycle moves on with this work undone.")]},
            )
        from_phase = current.phase
        updated = Cycle.objects.filter(pk=current.pk, phase=from_phase).update(phase=to)
        if not updated:  # someone else got there first
            raise Conflict(_("The phase was changed by someone else; reload and try again."))
        current.phase = to
        transition = PhaseTransition.objects.create(
            cycle=current, from_phase=from_phase, to_phase=to, by=by, reason=reason
        )
        record.log(
            cycle=current,
            actor=by,
            action="phase_changed",
            obj=current,
            reason=reason,
            data={"from": from_phase, "to": to},
        )
        for path in wiring.PHASE_ENTERED.get(to, []):
            import_string(path)(current, by)
        organizers = current.municipality.organizers()
        notify(
            "phase_changed",
            organizers,
            {
                "cycle": current.pk,
                "cycle_title": both(current, "title"),
                "phase": to,
                "phase_label": localized(Phase(to).label),
            },
            subject=f"cycle:{current.pk}:{to}",
        )
    cycle.phase = to
    return transition


def advance_due(now=None) -> int:
    """Advance every cycle whose next phase's start has come (run by Celery beat)."""
    moved = 0
    for cycle in Cycle.objects.exclude(phase=Phase.CLOSED).exclude(phase=Phase.DRAFT):
        if not cycle.is_due(now):
            continue
        try:
            advance(cycle=cycle, to=cycle.next_phase, by=None, reason="schedule")
            moved += 1
        except Conflict as exc:
            log.info("cycle %s not advanced: %s", cycle.pk, exc.message)
    return moved
