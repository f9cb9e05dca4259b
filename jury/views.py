"""Jury pages: a juror's assignments and blind scoring form, organizers' progress, the ranking
and the shortlist publication. They call the same services as the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.errors import DomainError
from cycles.models import Cycle
from cycles.phases import allows
from cycles.services import has_role

from . import progress, services, shortlist
from .forms import ConflictForm, CriterionForm, JurorForm, ScoreForm, ShortlistForm
from .models import Assignment, AssignmentStatus, Criterion, Juror


def _cycle(pk):
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)


@login_required
def cycle_jury(request, cycle_pk):
    """Jurors: my assignments and my progress. Organizers (and the chair): everyone's progress."""
    cycle = _cycle(cycle_pk)
    juror = Juror.objects.filter(cycle=cycle, user=request.user).first()
    is_organizer = has_role(request.user, cycle, "organizer")
    if not (juror or is_organizer):
        raise PermissionDenied
    mine = []
    if juror:
        mine = list(
            juror.assignments.select_related("proposal", "proposal__community").order_by("id")
        )
    can_reopen = (is_organizer or (juror and juror.is_chair)) and allows(
        cycle.phase, "reopen_scores"
    )
    submitted = []
    if can_reopen:
        submitted = Assignment.objects.filter(
            juror__cycle=cycle, status=AssignmentStatus.SUBMITTED
        ).select_related("juror__user", "proposal")
    return render(
        request,
        "jury/cycle_jury.html",
        {
            "cycle": cycle,
            "juror": juror,
            "mine": mine,
            "done": sum(a.status == AssignmentStatus.SUBMITTED for a in mine),
            "pending": sum(a.status == AssignmentStatus.PENDING for a in mine),
            "is_organizer": is_organizer,
            "progress": progress.progress(cycle) if is_organizer else [],
            "submitted": submitted,
            "can_reopen": can_reopen,
            "can_assign": is_organizer and allows(cycle.phase, "manage_jury"),
            "seats": Juror.objects.filter(cycle=cycle).select_related("user")
            if is_organizer
            else [],
            "criteria": Criterion.objects.filter(cycle=cycle) if is_organizer else [],
            "juror_form": JurorForm(),
            "criterion_form": CriterionForm(),
        },
    )


@login_required
@require_POST
def assign_new(request, cycle_pk):
    cycle = _cycle(cycle_pk)
    try:
        created = services.assign_new(cycle=cycle, by=request.user)
        messages.success(request, _("%(n)d new assignments.") % {"n": len(created)})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("jury:cycle", cycle_pk=cycle.pk)


@login_required
@require_POST
def juror_add(request, cycle_pk):
    cycle = _cycle(cycle_pk)
    form = JurorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the e-mail or phone of the person."))
        return redirect("jury:cycle", cycle_pk=cycle.pk)
    try:
        user = User.objects.get_by_login(form.cleaned_data["login"])
        services.juror_add(
            cycle=cycle, by=request.user, user=user, is_chair=form.cleaned_data["is_chair"]
        )
        messages.success(request, _("%(name)s is on the jury.") % {"name": user.name})
    except User.DoesNotExist:
        messages.error(request, _("Nobody has an account with this e-mail or phone."))
    except DomainError as exc:
        messages.error(request, "; ".join(sum(exc.fields.values(), [])) or exc.message)
    return redirect("jury:cycle", cycle_pk=cycle.pk)


@login_required
@require_POST
def criterion_add(request, cycle_pk):
    cycle = _cycle(cycle_pk)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        errors = [
            f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
            for k, v in form.errors.items()
        ]
        messages.error(request, "; ".join(errors))
        return redirect("jury:cycle", cycle_pk=cycle.pk)
    try:
        services.criterion_add(cycle=cycle, by=request.user, data=dict(form.cleaned_data))
        messages.success(request, _("Criterion added."))
    except DomainError as exc:
        messages.error(request, "; ".join(sum(exc.fields.values(), [])) or exc.message)
    return redirect("jury:cycle", cycle_pk=cycle.pk)


def _own_assignment(request, pk):
    return get_object_or_404(
        Assignment.objects.select_related(
            "juror__cycle__municipality", "proposal", "proposal__community"
        ),
        pk=pk,
        juror__user=request.user,
    )


@login_required
def assignment_detail(request, pk):
    """The blind scoring form: the project, never its authors."""
    assignment = _own_assignment(request, pk)
    cycle = assignment.juror.cycle
    criteria = list(Criterion.objects.filter(cycle=cycle))
    own = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {}
    for cid, s in own.items():
        initial[f"value_{cid}"], initial[f"comment_{cid}"] = s.value, s.comment
    form = ScoreForm(criteria, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        scores = form.scores()
        submit = "submit" in request.POST
        try:
            services.scores_save(
                assignment=assignment, by=request.user, scores=scores, submit=submit
            )
            messages.success(
                request, _("Scores submitted.") if submit else _("Scores saved as a draft.")
            )
            return redirect("jury:assignment", pk=assignment.pk)
        except DomainError as exc:
            form.show_errors(exc.fields, scores)
            if not exc.fields:
                messages.error(request, exc.message)
    editable = assignment.status == AssignmentStatus.PENDING and allows(cycle.phase, "score")
    return render(
        request,
        "jury/assignment.html",
        {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "lines": assignment.proposal.budget_lines.all(),
            "cycle": cycle,
            "form": form,
            "editable": editable,
            "conflict_form": ConflictForm(),
            "can_recuse": assignment.status != AssignmentStatus.RECUSED
            and allows(cycle.phase, "declare_conflict"),
        },
    )


@login_required
@require_POST
def assignment_conflict(request, pk):
    assignment = _own_assignment(request, pk)
    form = ConflictForm(request.POST)
    try:
        services.conflict_declare(
            assignment=assignment,
            by=request.user,
            reason=form.data.get("reason", "") if form.is_valid() else "",
        )
        messages.success(request, _("You are recused from this proposal."))
        return redirect("jury:cycle", cycle_pk=assignment.juror.cycle_id)
    except DomainError as exc:
        messages.error(request, "; ".join(sum(exc.fields.values(), [])) or exc.message)
    return redirect("jury:assignment", pk=assignment.pk)


@login_required
@require_POST
def assignment_reopen(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("juror__cycle", "proposal"), pk=pk
    )
    try:
        services.scores_reopen(
            assignment=assignment, by=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The scores are reopened for their juror."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("jury:cycle", cycle_pk=assignment.juror.cycle_id)


def cycle_ranking(request, cycle_pk):
    """Public once the shortlist is published; before that, organizers (and the publication
    form) and, after review, jurors."""
    cycle = _cycle(cycle_pk)
    ranking = shortlist.ranking_for(cycle, request.user)
    if ranking is None:
        return render(request, "jury/ranking_closed.html", {"cycle": cycle}, status=403)
    data = shortlist.present(ranking)
    form = None
    if (
        not data["published"]
        and has_role(request.user, cycle, "organizer")
        and allows(cycle.phase, "shortlist")
    ):
        form = ShortlistForm(data["rows"], initial={"proposals": data["default_shortlist"]})
        if request.method == "POST":
            form = ShortlistForm(data["rows"], request.POST)
            if form.is_valid():
                try:
                    shortlist.shortlist_publish(
                        cycle=cycle,
                        by=request.user,
                        proposal_ids=form.cleaned_data["proposals"],
                        justification=form.cleaned_data["justification"],
                    )
                    messages.success(request, _("The shortlist is published."))
                    return redirect("jury:ranking", cycle_pk=cycle.pk)
                except DomainError as exc:
                    for field, errors in exc.fields.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                    if not exc.fields:
                        messages.error(request, exc.message)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "jury/ranking.html",
        {
            "cycle": cycle,
            "data": data,
            "criteria": ranking.criteria,
            "form": form,
            "is_organizer": has_role(request.user, cycle, "organizer"),
        },
    )
