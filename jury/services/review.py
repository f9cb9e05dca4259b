"""The review: assignments made when it opens, blind scoring, conflicts of interest, reopening
a submitted sheet, and the reminder before it ends."""

from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Invalid
from core.translation import both
from cycles.models import Cycle
from cycles.permissions import check
from cycles.phases import phases_for
from cycles.services import has_role
from notifications.services import notify
from proposals.models import IN_REVIEW, Proposal
from record import services as record

from .. import criteria as default_criteria
from ..models import Assignment, AssignmentStatus, Criterion, Juror, Score
from ..ranking import is_published
from ..roles import assignment_check, reopen_check
from ..scoring import allocate, pick_replacement

REMIND_BEFORE = timezone.timedelta(days=3)


def _cycle_context(cycle) -> dict:
    return {"cycle": cycle.pk, "cycle_title": both(cycle, "title")}


def reviewed(cycle):
    """Proposals in review: valued feasible. Submitted but not yet valued ones are not."""
    return (
        Proposal.objects.filter(cycle=cycle, status=IN_REVIEW)
        .select_related("idea")
        .prefetch_related("idea__co_authors")
        .order_by("id")
    )


def _author_ids(proposal) -> set[int]:
    return {u.pk for u in proposal.authors()}


def assign(cycle, *, proposals, jurors) -> list[Assignment]:
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
    created = assign(cycle, proposals=list(reviewed(cycle)), jurors=jurors)
    record.log(
        cycle=cycle,
        actor=by,
        action="jury_review_opened",
        obj=cycle,
        data={"assignments": len(created), "jurors_per_proposal": cycle.jurors_per_proposal},
    )
    return created


def assignments_create(*, cycle, by) -> list[Assignment]:
    """Organizers hand out proposals valued feasible after review opened."""
    check(by, cycle, "manage_jury")
    if is_published(cycle):
        raise Conflict(_("The shortlist is published; the review is over."))
    with transaction.atomic():
        jurors = Juror.objects.filter(cycle=cycle).order_by("id")
        return assign(cycle, proposals=list(reviewed(cycle)), jurors=jurors)


# --- scoring ---


def scores_save(*, assignment, by, scores, submit=False) -> Assignment:
    """A juror saves all criteria at once during jury review; submitting locks the sheet."""
    cycle = assignment.juror.cycle
    assignment_check(by, assignment, "score")
    if is_published(cycle):
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
    reopen_check(by, cycle)
    if is_published(cycle):
        raise Conflict(_("The shortlist is published; scores are final."))
    with transaction.atomic():
        done = Assignment.objects.filter(
            pk=assignment.pk, status=AssignmentStatus.SUBMITTED
        ).update(status=AssignmentStatus.PENDING, submitted_at=None)
        if not done:
            raise Conflict(_("Only submitted scores can be reopened."))
        record.log(
            cycle=cycle,
            actor=by,
            role="organizer" if has_role(by, cycle, "organizer") else "jury_chair",
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
    assignment_check(by, assignment, "declare_conflict")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(fields={"reason": [_("Say briefly why you have a conflict of interest.")]})
    if is_published(cycle):
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
        record.log(
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


# --- the reminder ---


def juror_remind(*, now=None) -> int:
    """Three days before review ends, each juror with pending work is reminded, once."""
    now = now or timezone.now()
    sent = 0
    cycles = Cycle.objects.filter(
        phase__in=phases_for("score"), voting_starts__gt=now, voting_starts__lte=now + REMIND_BEFORE
    )
    for cycle in cycles:
        if is_published(cycle):
            continue
        waiting = Juror.objects.filter(
            cycle=cycle,
            reminded_at__isnull=True,
            assignments__status=AssignmentStatus.PENDING,
        ).distinct()
        for juror in waiting.select_related("user"):
            with transaction.atomic():
                # the conditional UPDATE makes "once" hold even with two beat workers
                if not Juror.objects.filter(pk=juror.pk, reminded_at__isnull=True).update(
                    reminded_at=now
                ):
                    continue
                pending = juror.assignments.filter(status=AssignmentStatus.PENDING).count()
                notify(
                    "jury_reminder",
                    [juror.user],
                    {**_cycle_context(cycle), "pending": pending},
                    subject=f"jury:{cycle.pk}:reminder",
                )
                sent += 1
    return sent
