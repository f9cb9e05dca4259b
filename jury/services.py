"""What organizers and jurors do with the jury: one function per action.

Jurors and criteria are set up by organizers; assignments are made when `jury_review` opens
(`open_review`, wired in civic_budget.wiring.PHASE_ENTERED); jurors score blind, declare
conflicts, and the chair or an organizer may reopen a submitted sheet. The ranking and the
shortlist live in `jury.shortlist`, progress and reminders in `jury.progress`.
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden, Invalid
from core.translation import both
from cycles.phases import allows, require
from cycles.services import require_organizer
from notifications.services import notify
from proposals.models import Proposal, ProposalStatus
from record.services import log as record

from . import criteria as default_criteria
from .models import Assignment, AssignmentStatus, Criterion, Juror, Score, Shortlist
from .scoring import allocate, pick_replacement


def _cycle_context(cycle) -> dict:
    return {"cycle": cycle.pk, "cycle_title": both(cycle, "title")}


def _published(cycle) -> bool:
    return Shortlist.objects.filter(cycle=cycle).exists()


# --- the jury ---


def juror_add(*, cycle, by, user, is_chair=False) -> Juror:
    """Organizers seat jurors of their cycle; one seat per person, one chair (DB constraints)."""
    require_organizer(by, cycle.municipality_id)
    require(cycle, "manage_jury")
    if not user.is_active:
        raise Invalid(fields={"user": [_("This account is not active.")]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                juror = Juror.objects.create(cycle=cycle, user=user, is_chair=is_chair)
        except IntegrityError:
            if Juror.objects.filter(cycle=cycle, user=user).exists():
                raise Conflict(_("This person is already on the jury."))
            raise Conflict(_("This jury already has a chair."))
        record(
            cycle=cycle,
            actor=by,
            action="juror_added",
            obj=juror,
            data={"juror": user.name, "chair": is_chair},
            public=False,  # the jury is named publicly with the shortlist, not before
        )
        if allows(cycle.phase, "score") and not cycle.jurors_per_proposal and not _published(cycle):
            # everyone scores everything: a juror seated during review gets it all too
            _assign(cycle, proposals=_reviewed(cycle), jurors=[juror])
    return juror


def criterion_add(*, cycle, by, data) -> Criterion:
    """Organizers set the criteria, until the first score is saved (then they are fixed)."""
    require_organizer(by, cycle.municipality_id)
    require(cycle, "manage_jury")
    if Score.objects.filter(criterion__cycle=cycle).exists():
        raise Conflict(_("Criteria cannot change once jurors have started scoring."))
    last = Criterion.objects.filter(cycle=cycle).order_by("-position").first()
    data.setdefault("position", (last.position + 1) if last else 0)
    try:
        with transaction.atomic():
            criterion = Criterion.objects.create(cycle=cycle, **data)
            record(
                cycle=cycle,
                actor=by,
                action="criterion_added",
                obj=criterion,
                data={"weight": str(criterion.weight), "max_score": criterion.max_score},
            )
    except IntegrityError:
        raise Invalid(fields={"name": [_("This cycle already has a criterion with this name.")]})
    return criterion


# --- assignments ---


def _reviewed(cycle):
    """Proposals in review: valued feasible. Submitted but not yet valued ones are not."""
    return (
        Proposal.objects.filter(cycle=cycle, status=ProposalStatus.FEASIBLE)
        .select_related("idea")
        .prefetch_related("idea__co_authors")
        .order_by("id")
    )


def _author_ids(proposal) -> set[int]:
    return {u.pk for u in proposal.authors()}


def _assign(cycle, *, proposals, jurors) -> list[Assignment]:
    """Create the missing assignments of `proposals` among `jurors` and tell the jurors."""
    jurors = list(jurors)
    by_user = {}
    for j in jurors:
        by_user.setdefault(j.user_id, []).append(j.pk)
    taken = set(
        Assignment.objects.filter(proposal__in=[p.pk for p in proposals]).values_list(
            "proposal_id", "juror_id"
        )
    )
    load = Counter(
        dict(
            Assignment.objects.active()
            .filter(juror__cycle=cycle)
            .values_list("juror")
            .annotate(n=Count("id"))
            .values_list("juror", "n")
        )
    )
    assigned = {pid for pid, _juror in taken}
    todo = []
    for p in proposals:
        if cycle.jurors_per_proposal and p.pk in assigned:
            continue  # k-assignment is made once per proposal; conflicts hand it on
        excluded = {jid for uid in _author_ids(p) for jid in by_user.get(uid, [])}
        excluded |= {jid for pid, jid in taken if pid == p.pk}
        todo.append((p.pk, excluded))
    pairs = allocate(todo, [j.pk for j in jurors], cycle.jurors_per_proposal, load)
    created = Assignment.objects.bulk_create(
        [Assignment(proposal_id=pid, juror_id=jid) for pid, jid in pairs]
    )
    _tell_jurors(cycle, created)
    return created


def _tell_jurors(cycle, created):
    per_juror = Counter(a.juror_id for a in created)
    if not per_juror:
        return
    batch = max(a.pk or 0 for a in created)
    for juror in Juror.objects.filter(pk__in=per_juror).select_related("user"):
        notify(
            "jury_assigned",
            [juror.user],
            {**_cycle_context(cycle), "count": per_juror[juror.pk]},
            subject=f"jury:{cycle.pk}:assigned:{batch}",
        )


def open_review(cycle, by=None):
    """When jury review opens: default criteria if none, then every feasible proposal assigned."""
    default_criteria.ensure_defaults(cycle)
    jurors = Juror.objects.filter(cycle=cycle).order_by("id")
    created = _assign(cycle, proposals=list(_reviewed(cycle)), jurors=jurors)
    record(
        cycle=cycle,
        actor=by,
        action="jury_review_opened",
        obj=cycle,
        data={"assignments": len(created), "jurors_per_proposal": cycle.jurors_per_proposal},
    )
    return created


def assign_new(*, cycle, by) -> list[Assignment]:
    """Organizers hand out proposals valued feasible after review opened."""
    require_organizer(by, cycle.municipality_id)
    require(cycle, "manage_jury")
    if _published(cycle):
        raise Conflict(_("The shortlist is published; the review is over."))
    with transaction.atomic():
        jurors = Juror.objects.filter(cycle=cycle).order_by("id")
        return _assign(cycle, proposals=list(_reviewed(cycle)), jurors=jurors)


# --- scoring ---


def _own(assignment, by):
    if not (by and by.is_authenticated and assignment.juror.user_id == by.pk):
        raise Forbidden(_("This assignment belongs to another juror."))


def scores_save(*, assignment, by, scores, submit=False) -> Assignment:
    """A juror saves all criteria at once during jury review; submitting locks the sheet."""
    cycle = assignment.juror.cycle
    _own(assignment, by)
    require(cycle, "score")
    if _published(cycle):
        raise Conflict(_("The shortlist is published; scores are final."))
    criteria = {c.pk: c for c in Criterion.objects.filter(cycle=cycle)}
    errors, clean = {}, {}
    for i, item in enumerate(scores):
        cid, value = item.get("criterion"), item.get("value")
        criterion = criteria.get(cid)
        if criterion is None:
            errors[f"scores.{i}.criterion"] = [_("Not a criterion of this cycle.")]
        elif cid in clean:
            errors[f"scores.{i}.criterion"] = [_("This criterion is given twice.")]
        elif value is None or value < 0 or value > criterion.max_score:
            errors[f"scores.{i}.value"] = [
                _("Give a score from 0 to %(max)d.") % {"max": criterion.max_score}
            ]
        else:
            clean[cid] = (value, item.get("comment") or "")
    if submit and not errors:
        missing = [c for cid, c in criteria.items() if cid not in clean]
        if missing:
            errors["scores"] = [
                _("Score every criterion before submitting. Missing: %(names)s.")
                % {"names": ", ".join(str(c.name) for c in missing)}
            ]
    if errors:
        raise Invalid(fields=errors)

    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.status == AssignmentStatus.RECUSED:
            raise Conflict(_("You recused yourself from this proposal."))
        if locked.status == AssignmentStatus.SUBMITTED:
            raise Conflict(
                _("These scores are submitted and locked; the chair or an organizer can reopen.")
            )
        for cid, (value, comment) in clean.items():
            Score.objects.update_or_create(
                assignment=locked, criterion_id=cid, defaults={"value": value, "comment": comment}
            )
        if submit:
            locked.status = AssignmentStatus.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["status", "submitted_at"])
    return locked


def scores_reopen(*, assignment, by, reason="") -> Assignment:
    """The chair or an organizer unlocks one submitted sheet during review."""
    cycle = assignment.juror.cycle
    organizer = bool(by and by.is_authenticated and by.is_organizer_of(cycle.municipality_id))
    chair = Juror.objects.filter(
        cycle=cycle, user_id=getattr(by, "pk", None), is_chair=True
    ).exists()
    if not (organizer or chair):
        raise Forbidden(_("Only the jury chair or an organizer may reopen scores."))
    require(cycle, "reopen_scores")
    if _published(cycle):
        raise Conflict(_("The shortlist is published; scores are final."))
    with transaction.atomic():
        done = Assignment.objects.filter(
            pk=assignment.pk, status=AssignmentStatus.SUBMITTED
        ).update(status=AssignmentStatus.PENDING, submitted_at=None)
        if not done:
            raise Conflict(_("Only submitted scores can be reopened."))
        record(
            cycle=cycle,
            actor=by,
            role="organizer" if organizer else "jury_chair",
            action="jury_scores_reopened",
            obj=assignment.proposal,
            reason=reason,
            data={"assignment": assignment.pk},
            public=False,
        )
    assignment.refresh_from_db()
    return assignment


def conflict_declare(*, assignment, by, reason) -> Assignment:
    """A juror recuses from a proposal; with k jurors per proposal another juror takes it."""
    cycle = assignment.juror.cycle
    _own(assignment, by)
    require(cycle, "declare_conflict")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(fields={"reason": [_("Say briefly why you have a conflict of interest.")]})
    if _published(cycle):
        raise Conflict(_("The shortlist is published; the review is over."))
    with transaction.atomic():
        done = (
            Assignment.objects.filter(pk=assignment.pk)
            .exclude(status=AssignmentStatus.RECUSED)
            .update(
                status=AssignmentStatus.RECUSED, conflict_reason=reason, recused_at=timezone.now()
            )
        )
        if not done:
            raise Conflict(_("You already recused yourself from this proposal."))
        replacement = None
        if cycle.jurors_per_proposal:
            replacement = _hand_on(cycle, assignment)
        record(
            cycle=cycle,
            actor=by,
            role="juror",
            action="jury_conflict_declared",
            obj=assignment.proposal,
            reason=reason,
            data={
                "assignment": assignment.pk,
                "handed_to_assignment": replacement.pk if replacement else None,
            },
            public=False,
        )
    assignment.refresh_from_db()
    return assignment


def _hand_on(cycle, recused) -> Assignment | None:
    """Another juror takes the recused assignment: not an author, not already on it."""
    proposal = Proposal.objects.select_related("idea").get(pk=recused.proposal_id)
    authors = _author_ids(proposal)
    on_it = Assignment.objects.filter(proposal=proposal).values_list("juror_id", flat=True)
    candidates = (
        Juror.objects.filter(cycle=cycle).exclude(pk__in=on_it).exclude(user_id__in=authors)
    )
    load = dict(
        Assignment.objects.active()
        .filter(juror__cycle=cycle)
        .values_list("juror")
        .annotate(n=Count("id"))
        .values_list("juror", "n")
    )
    chosen = pick_replacement([j.pk for j in candidates], load)
    if chosen is None:
        return None
    new = Assignment.objects.create(juror_id=chosen, proposal=proposal, replaces=recused)
    _tell_jurors(cycle, [new])
    return new


# --- the phase spine ---


def guard_shortlist_published(cycle):
    """Voting cannot open before the jury's shortlist is published with at least one proposal."""
    shortlist = Shortlist.objects.filter(cycle=cycle).first()
    if shortlist is None or not shortlist.entries.filter(shortlisted=True).exists():
        raise Conflict(
            _(
                "Voting cannot open yet: publish the jury's shortlist with at least one "
                "proposal first."
            )
        )
