"""Proposals: one function per user action. Pages and the API call the same functions."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Conflict, Forbidden, Invalid, PhaseClosed
from cycles.phases import Phase, require
from cycles.services import require_organizer
from ideas.models import Idea, IdeaStatus
from notifications.services import localized, notify
from record.services import log as record
from trainings.services import attended_session

from . import attachments
from .budget import clean_lines
from .models import Attachment, BudgetLine, Proposal, ProposalStatus, StatusChange

TEXT_FIELDS = [
    "title",
    "summary",
    "problem",
    "objectives",
    "beneficiaries",
    "beneficiaries_count",
    "location",
    "timeline_months",
    "maintenance",
]
# what a proposal needs before it can be submitted
REQUIRED_TO_SUBMIT = [
    "title",
    "problem",
    "objectives",
    "beneficiaries",
    "beneficiaries_count",
    "location",
    "timeline_months",
    "maintenance",
]


def proposal_set_status(*, proposal: Proposal, status: str, by=None, reason="") -> Proposal:
    """Every status change of a proposal goes through here and is recorded with who and when."""
    with transaction.atomic():
        old = proposal.status
        if old == status:
            return proposal
        Proposal.objects.filter(pk=proposal.pk).update(status=status)
        proposal.status = status
        StatusChange.objects.create(
            proposal=proposal, from_status=old, to_status=status, by=by, reason=reason
        )
    return proposal


def is_author(user, proposal) -> bool:
    if not (user and user.is_authenticated):
        return False
    idea = proposal.idea
    # co_authors.all() so a prefetched list serves a whole page without extra queries
    return idea.author_id == user.pk or any(u.pk == user.pk for u in idea.co_authors.all())


def visible_to(user, queryset=None):
    """Submitted-or-later proposals are public; drafts only to their authors and organizers."""
    qs = Proposal.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated):
        return qs.exclude(status=ProposalStatus.DRAFT)
    if user.is_superuser:
        return qs
    mine = Q(idea__author=user) | Q(idea__in=Idea.objects.filter(co_authors=user).values("pk"))
    organizer = Q(cycle__municipality_id__in=list(user.organizer_municipality_ids))
    return qs.filter(~Q(status=ProposalStatus.DRAFT) | mine | organizer)


def may_edit(user, proposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT and is_author(user, proposal)


def _require_author(user, proposal):
    if not is_author(user, proposal):
        raise Forbidden(_("Only the authors of the idea can write its proposal."))


def _replace_lines(proposal, lines):
    proposal.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        [BudgetLine(proposal=proposal, position=i, **line) for i, line in enumerate(lines)]
    )


def _save_total(proposal):
    """The total is always the sum of the stored lines, whatever a client sent."""
    proposal.total_cost = proposal.compute_total()
    Proposal.objects.filter(pk=proposal.pk).update(total_cost=proposal.total_cost)


NUMBER_FIELDS = ("beneficiaries_count", "timeline_months")


def _apply(proposal, data):
    for field in TEXT_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in NUMBER_FIELDS:
                value = ""
            setattr(proposal, field, value)


def proposal_create(*, idea, by, data=None, budget_lines=None) -> Proposal:
    """An author of an eligible idea starts its one proposal, during trainings."""
    data = data or {}
    cycle = idea.cycle
    require(cycle, "write_proposal")
    if not (by and by.is_authenticated) or by.pk not in {u.pk for u in idea.authors()}:
        raise Forbidden(_("Only the authors of the idea can write its proposal."))
    if idea.status != IdeaStatus.ELIGIBLE:
        raise Conflict(_("Only ideas found eligible in the screening get a full proposal."))
    lines = clean_lines(budget_lines) if budget_lines is not None else []
    with transaction.atomic():
        if Proposal.objects.filter(idea=idea).exists():
            raise Conflict(_("This idea already has a proposal; open it and continue there."))
        proposal = Proposal(
            cycle=cycle,
            idea=idea,
            community=idea.community,
            title=idea.title,
            summary=idea.summary,
            beneficiaries=getattr(idea, "beneficiaries", "") or "",
            created_by=by,
        )
        _apply(proposal, data)
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:  # two authors clicked at once: the one-to-one settles it
            raise Conflict(_("This idea already has a proposal; open it and continue there."))
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
    require(proposal.cycle, "write_proposal")
    _require_author(by, proposal)
    lines = clean_lines(budget_lines) if budget_lines is not None else None
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.DRAFT:
            raise Conflict(_("This proposal is submitted and can no longer be changed."))
        _apply(locked, data)
        if not (locked.title or "").strip():
            raise Invalid(fields={"title": [_("Give the proposal a title.")]})
        locked.save()
        if lines is not None:
            _replace_lines(locked, lines)
        _save_total(locked)
    return locked


def _deadline_check(cycle):
    require(cycle, "submit_proposal")
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
    _deadline_check(cycle)
    _require_author(by, proposal)
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


VALUABLE = (ProposalStatus.SUBMITTED, ProposalStatus.FEASIBLE, ProposalStatus.NOT_FEASIBLE)


def proposal_value(*, proposal, by, feasible: bool, reason: str, cost_estimate=None) -> Proposal:
    """Organizers of the municipality mark a submitted proposal feasible or not, with a public
    reason and optionally the official cost; the authors are told and the record keeps it."""
    cycle = proposal.cycle
    require_organizer(by, cycle.municipality_id)
    require(cycle, "value_proposal")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(fields={"reason": [_("Give the public reason for the assessment.")]})
    if cost_estimate is not None and cost_estimate < 0:
        raise Invalid(fields={"cost_estimate": [_("The cost cannot be negative.")]})
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status not in VALUABLE:
            raise Conflict(_("Only submitted proposals are assessed, before the shortlist."))
        status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.NOT_FEASIBLE
        Proposal.objects.filter(pk=locked.pk).update(
            valuation_reason=reason,
            cost_estimate=cost_estimate,
            valued_at=timezone.now(),
            valued_by=by,
        )
        locked.valuation_reason, locked.cost_estimate = reason, cost_estimate
        proposal_set_status(proposal=locked, status=status, by=by, reason=reason)
        record(
            cycle=cycle,
            actor=by,
            action="proposal_valued",
            obj=locked,
            reason=reason,
            data={
                "status": status,
                "cost_estimate": None if cost_estimate is None else str(cost_estimate),
            },
        )
        label = gettext_lazy("feasible") if feasible else gettext_lazy("not feasible")
        notify(
            "proposal_valued",
            locked.authors(),
            {
                "proposal": locked.pk,
                "proposal_title": locked.title,
                "verdict": localized(label),
                "reason": reason,
            },
            subject=f"proposal:{locked.pk}:valued:{status}:{StatusChange.objects.filter(proposal=locked).count()}",
        )
    return locked


def attachment_add(*, proposal, by, upload) -> Attachment:
    """Authors attach PDFs or images to their draft (checked by content, not by name)."""
    require(proposal.cycle, "write_proposal")
    _require_author(by, proposal)
    stored, kind, name = attachments.prepare(upload)
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.DRAFT:
            raise Conflict(_("This proposal is submitted and can no longer be changed."))
        if locked.attachments.count() >= attachments.MAX_ATTACHMENTS:
            raise Invalid(
                fields={
                    "file": [
                        _("At most %(n)d attachments; remove one first.")
                        % {"n": attachments.MAX_ATTACHMENTS}
                    ]
                }
            )
        return Attachment.objects.create(
            proposal=locked, file=stored, name=name, kind=kind, size=stored.size, uploaded_by=by
        )


def attachment_remove(*, attachment, by):
    proposal = attachment.proposal
    require(proposal.cycle, "write_proposal")
    _require_author(by, proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise Conflict(_("This proposal is submitted and can no longer be changed."))
    attachment.file.delete(save=False)
    attachment.delete()


DEADLINE_NOTICE = timedelta(days=3)


def remind_deadline(now=None) -> int:
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
            .exclude(proposal__status__in=[s for s in ProposalStatus if s != "draft"])
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
