"""Proposals: one function per user action. Pages and the API call the same functions."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import Conflict, Forbidden, Invalid, NotAuthenticated, PhaseClosed
from core.services import model_update
from cycles.permissions import check, may
from cycles.phases import Phase
from ideas.models import Idea, IdeaStatus
from notifications.services import localized, notify
from record import services as record
from trainings.services import attended_session

from . import uploads
from .budget import clean_lines
from .models import (
    AUTHOR_FIELDS,
    NUMBER_FIELDS,
    REQUIRED_TO_SUBMIT,
    STATUS_MOVES,
    VALUABLE,
    VALUATION_FIELDS,
    Attachment,
    BudgetLine,
    Proposal,
    ProposalStatus,
    StatusChange,
)

NOT_AN_AUTHOR = gettext_lazy("Only the authors of the idea can write its proposal.")
LOCKED = gettext_lazy("This proposal is submitted and can no longer be changed.")
NOT_VALUABLE = gettext_lazy("Only submitted proposals are assessed, before the shortlist.")


# --- who may ---


def wrote(user, idea) -> bool:
    """Whether `user` is the author or a co-author of `idea`."""
    if not (user and user.is_authenticated):
        return False
    # co_authors.all() so a prefetched list serves a whole page without extra queries
    return idea.author_id == user.pk or any(u.pk == user.pk for u in idea.co_authors.all())


def is_author(user, proposal) -> bool:
    return wrote(user, proposal.idea)


def author_check(user, proposal, action) -> None:
    """The authors' rule, asked before any body is read: 401 unless signed in, 403 unless an
    author of the proposal's idea (and a resident), 409 unless the phase allows `action`.
    `proposal` may also be the idea a new proposal is for."""
    idea = proposal if isinstance(proposal, Idea) else proposal.idea
    if not (user and user.is_authenticated):
        raise NotAuthenticated()
    if not wrote(user, idea):
        raise Forbidden(NOT_AN_AUTHOR)
    check(user, idea.cycle, action)


def may_write(user, proposal) -> bool:
    """Whether `user` may edit this proposal now: an author, a draft, the phase allows it."""
    return (
        proposal.status == ProposalStatus.DRAFT
        and is_author(user, proposal)
        and may(user, proposal.cycle, "write_proposal")
    )


# --- the status table ---


def proposal_set_status(*, proposal: Proposal, status: str, by=None, reason="") -> Proposal:
    """A status moves only as STATUS_MOVES allows, once (conditional UPDATE), into the history."""
    old = proposal.status
    if status not in STATUS_MOVES.get(old, ()):
        raise Conflict(
            _("A proposal cannot go from “%(old)s” to “%(new)s”.")
            % {"old": ProposalStatus(old).label, "new": ProposalStatus(status).label}
        )
    with transaction.atomic():
        if not Proposal.objects.filter(pk=proposal.pk, status=old).update(status=status):
            raise Conflict(_("The proposal was changed by someone else; reload and try again."))
        proposal.status = status
        StatusChange.objects.create(
            proposal=proposal, from_status=old, to_status=status, by=by, reason=reason
        )
    return proposal


# --- writing ---


def _author_data(data) -> dict:
    """The author fields `data` names; an emptied text field is "", an emptied number None."""
    out = {}
    for field in AUTHOR_FIELDS:
        if field in data:
            value = data[field]
            out[field] = "" if value is None and field not in NUMBER_FIELDS else value
    return out


def _replace_lines(proposal, lines):
    proposal.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        [BudgetLine(proposal=proposal, position=i, **line) for i, line in enumerate(lines)]
    )


def _save_total(proposal):
    """The total is always the sum of the stored lines, whatever a client sent."""
    proposal.total_cost = proposal.compute_total()
    Proposal.objects.filter(pk=proposal.pk).update(total_cost=proposal.total_cost)


def proposal_create(*, idea, by, data=None, budget_lines=None) -> Proposal:
    """An author of an eligible idea starts its one proposal, during trainings."""
    cycle = idea.cycle
    author_check(by, idea, "write_proposal")
    if idea.status != IdeaStatus.ELIGIBLE:
        raise Conflict(_("Only ideas found eligible in the screening get a full proposal."))
    lines = clean_lines(budget_lines) if budget_lines is not None else []
    taken = _("This idea already has a proposal; open it and continue there.")
    with transaction.atomic():
        if Proposal.objects.filter(idea=idea).exists():
            raise Conflict(taken)
        # the idea's words are the draft's start; whatever the authors sent replaces them
        start = {
            "title": idea.title,
            "summary": idea.summary,
            "beneficiaries": getattr(idea, "beneficiaries", "") or "",
        }
        proposal = Proposal(
            cycle=cycle,
            idea=idea,
            community=idea.community,
            created_by=by,
            **(start | _author_data(data or {})),
        )
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:  # two authors clicked at once: the one-to-one settles it
            raise Conflict(taken) from None
        StatusChange.objects.create(
            proposal=proposal, from_status="", to_status=ProposalStatus.DRAFT, by=by
        )
        _replace_lines(proposal, lines)
        _save_total(proposal)
    return proposal


def _lock(proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def proposal_update(*, proposal, by, data, budget_lines=None) -> Proposal:
    """Authors save the draft as often as they like; a submitted proposal is locked."""
    author_check(by, proposal, "write_proposal")
    lines = clean_lines(budget_lines) if budget_lines is not None else None
    data = _author_data(data)
    if "title" in data and not (data["title"] or "").strip():
        raise Invalid(fields={"title": [_("Give the proposal a title.")]})
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.DRAFT:
            raise Conflict(LOCKED)
        model_update(locked, data, AUTHOR_FIELDS)
        if lines is not None:
            _replace_lines(locked, lines)
        _save_total(locked)
    return locked


def _deadline_check(cycle):
    deadline = cycle.jury_review_starts
    if deadline and timezone.now() >= deadline:
        raise PhaseClosed(
            _("The deadline for proposals was %(when)s, when the jury review started.")
            % {"when": date_format(timezone.localtime(deadline), "DATETIME_FORMAT")}
        )


def proposal_submit(*, proposal, by) -> Proposal:
    """Lock the proposal for review: complete, within the cycle's cost limits, training attended,
    before the jury review starts."""
    cycle = proposal.cycle
    author_check(by, proposal, "submit_proposal")
    _deadline_check(cycle)
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.DRAFT:
            raise Conflict(_("This proposal is already submitted."))
        missing = {
            f: [_("Fill this in before submitting.")]
            for f in REQUIRED_TO_SUBMIT
            if getattr(locked, f) in (None, "")
        }
        if not locked.budget_lines.exists():
            missing["budget_lines"] = [_("Add at least one budget line before submitting.")]
        if missing:
            raise Invalid(_("Some parts of the proposal are still empty."), fields=missing)
        total = locked.compute_total()
        if not (cycle.min_project_cost <= total <= cycle.max_project_cost):
            raise Invalid(
                _(
                    "The total is %(total)s GEL; it must be between %(min)s and %(max)s GEL. "
                    "Adjust the budget lines."
                )
                % {"total": total, "min": cycle.min_project_cost, "max": cycle.max_project_cost},
                fields={
                    "budget_lines": [
                        _("The total must be between %(min)s and %(max)s GEL.")
                        % {"min": cycle.min_project_cost, "max": cycle.max_project_cost}
                    ]
                },
            )
        if cycle.training_required and not attended_session(cycle=cycle, users=locked.authors()):
            raise Conflict(
                _(
                    "This cycle requires the author or a co-author to attend a proposal-writing "
                    "training first. Enroll in a session; once your attendance is marked, submit "
                    "again."
                )
            )
        Proposal.objects.filter(pk=locked.pk).update(submitted_at=timezone.now(), total_cost=total)
        locked.total_cost = total
        proposal_set_status(proposal=locked, status=ProposalStatus.SUBMITTED, by=by)
    return locked


def proposal_value(*, proposal, by, feasible: bool, reason: str, cost_estimate=None) -> Proposal:
    """Organizers of the municipality mark a submitted proposal feasible or not, with a public
    reason and optionally the official cost; the authors are told and the record keeps it."""
    cycle = proposal.cycle
    check(by, cycle, "value_proposal")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(fields={"reason": [_("Give the public reason for the assessment.")]})
    if cost_estimate is not None and cost_estimate < 0:
        raise Invalid(fields={"cost_estimate": [_("The cost cannot be negative.")]})
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status not in VALUABLE:
            raise Conflict(NOT_VALUABLE)
        status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.NOT_FEASIBLE
        changes = model_update(
            locked,
            {
                "valuation_reason": reason,
                "cost_estimate": cost_estimate,
                "valued_at": timezone.now(),
                "valued_by": by,
            },
            VALUATION_FIELDS,
        )
        if locked.status != status:  # a revised cost alone keeps the verdict
            proposal_set_status(proposal=locked, status=status, by=by, reason=reason)
        record.log(
            cycle=cycle,
            actor=by,
            action="proposal_valued",
            obj=locked,
            reason=reason,
            data={
                "status": status,
                "cost_estimate": None if cost_estimate is None else str(cost_estimate),
                "changes": {k: v for k, v in changes.items() if k != "valued_at"},
            },
        )
        label = gettext_lazy("feasible") if feasible else gettext_lazy("not feasible")
        assessments = StatusChange.objects.filter(proposal=locked).count()
        notify(
            "proposal_valued",
            locked.authors(),
            {
                "proposal": locked.pk,
                "proposal_title": locked.title,
                "verdict": localized(label),
                "reason": reason,
            },
            subject=f"proposal:{locked.pk}:valued:{status}:{assessments}",
        )
    return locked


# --- attachments ---


def attachment_add(*, proposal, by, upload) -> Attachment:
    """Authors attach PDFs or images to their draft (checked by content, not by name)."""
    author_check(by, proposal, "write_proposal")
    stored, kind, name = uploads.prepare(upload)
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.DRAFT:
            raise Conflict(LOCKED)
        if locked.attachments.count() >= uploads.MAX_ATTACHMENTS:
            raise Invalid(
                fields={
                    "file": [
                        _("At most %(n)d attachments; remove one first.")
                        % {"n": uploads.MAX_ATTACHMENTS}
                    ]
                }
            )
        return Attachment.objects.create(
            proposal=locked, file=stored, name=name, kind=kind, size=stored.size, uploaded_by=by
        )


def attachment_remove(*, attachment, by):
    """Authors remove an attachment from their draft."""
    proposal = attachment.proposal
    author_check(by, proposal, "write_proposal")
    if proposal.status != ProposalStatus.DRAFT:
        raise Conflict(LOCKED)
    with transaction.atomic():  # the file goes when the row's deletion commits (core.storage)
        attachment.file.delete(save=False)
        attachment.delete()


# --- reminders ---

DEADLINE_NOTICE = timedelta(days=3)


def proposal_remind_deadline(*, now=None) -> int:
    """Three days before jury review, tell authors of eligible ideas with no submitted proposal
    (once per idea: the notification's subject dedupes repeated runs)."""
    from cycles.models import Cycle

    now = now or timezone.now()
    cycles = Cycle.objects.filter(
        phase=Phase.TRAINING,
        jury_review_starts__gt=now,
        jury_review_starts__lte=now + DEADLINE_NOTICE,
    )
    sent = 0
    for cycle in cycles:
        ideas = (
            Idea.objects.filter(cycle=cycle, status=IdeaStatus.ELIGIBLE)
            .exclude(proposal__status__in=[s for s in ProposalStatus if s != ProposalStatus.DRAFT])
            .select_related("author")
            .prefetch_related("co_authors")
        )
        deadline = {}
        for lang in ("ka", "en"):  # rendered in each recipient's language
            with translation.override(lang):
                deadline[lang] = date_format(
                    timezone.localtime(cycle.jury_review_starts), "DATETIME_FORMAT"
                )
        for idea in ideas:
            people = idea.authors()
            if not people:
                continue
            with transaction.atomic():
                notify(
                    "proposal_deadline",
                    people,
                    {"idea": idea.pk, "idea_title": idea.title, "deadline": deadline},
                    subject=f"idea:{idea.pk}:proposal-deadline",
                )
            sent += 1
    return sent


def unsubmitted_proposals(cycle) -> list:
    """Before jury review: proposals still drafts (the jury will not see them)."""
    from cycles.phases import Unfinished

    n = Proposal.objects.filter(cycle=cycle, status=ProposalStatus.DRAFT).count()
    if not n:
        return []
    message = ngettext(
        "%(n)d proposal is still a draft and will not be reviewed.",
        "%(n)d proposals are still drafts and will not be reviewed.",
        n,
    ) % {"n": n}
    return [Unfinished("proposals_not_submitted", n, message)]
