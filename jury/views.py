"""Jury pages: a juror's assignments and blind scoring form, organizers' progress, the ranking
and the shortlist publication. They ask who may act the way the API does (`may`, the
`cycle_action_required` decorator, `jury.roles`), show a refusal on the one 403 page, and call
the same services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from core.errors import DomainError
from core.pages import flash_error, forbidden, form_error, refused
from cycles.models import Cycle
from cycles.permissions import check, cycle_action_required, may
from cycles.services import has_role

from . import ranking, roles, services
from .forms import ConflictForm, CriterionForm, JurorForm, ScoreForm, ShortlistForm
from .models import Assignment, AssignmentStatus, Criterion, Juror

JURY_ONLY = gettext_lazy("Only the jurors and the organizers of this cycle see its jury page.")
RANKING_HIDDEN = gettext_lazy("The ranking is public once the shortlist is published.")


def _cycle(pk):
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)


def _say(request, exc: DomainError):
    """A service's refusal on the next page: its field errors, or its message."""
    said = [e for errors in exc.fields.values() for e in errors]
    if said:
        messages.error(request, "; ".join(said))
    else:
        flash_error(request, exc)


@login_required
def cycle_jury(request, cycle_pk):
    """Jurors: my assignments and my progress. Organizers (and the chair): everyone's progress."""
    cycle = _cycle(cycle_pk)
    user = request.user
    juror = Juror.objects.filter(cycle=cycle, user=user).first()
    is_organizer = has_role(user, cycle, "organizer")
    if not (juror or is_organizer):
        return forbidden(request, JURY_ONLY, cycle=cycle)
    mine = []
    if juror:
        mine = list(
            juror.assignments.select_related("proposal", "proposal__community").order_by("id")
        )
    can_reopen = roles.may_reopen(user, cycle)
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
            "progress": list(Juror.objects.filter(cycle=cycle).with_progress())
            if is_organizer
            else [],
            "submitted": submitted,
            "can_reopen": can_reopen,
            "can_assign": may(user, cycle, "manage_jury"),
            "criteria": Criterion.objects.filter(cycle=cycle) if is_organizer else [],
            "juror_form": JurorForm(),
            "criterion_form": CriterionForm(),
        },
    )


@login_required
@require_POST
@cycle_action_required("manage_jury", url_kwarg="cycle_pk")
def assign_new(request, cycle_pk, cycle):
    try:
        created = services.assignments_create(cycle=cycle, by=request.user)
        messages.success(
            request,
            ngettext("%(n)d new assignment.", "%(n)d new assignments.", len(created))
            % {"n": len(created)},
        )
    except DomainError as exc:
        _say(request, exc)
    return redirect("jury:cycle", cycle_pk=cycle.pk)


@login_required
@require_POST
@cycle_action_required("manage_jury", url_kwarg="cycle_pk")
def juror_add(request, cycle_pk, cycle):
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
        _say(request, exc)
    return redirect("jury:cycle", cycle_pk=cycle.pk)


@login_required
@require_POST
@cycle_action_required("manage_jury", url_kwarg="cycle_pk")
def criterion_add(request, cycle_pk, cycle):
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
        _say(request, exc)
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
    if request.method == "POST":
        try:
            roles.assignment_check(request.user, assignment, "score")
        except DomainError as exc:
            return refused(request, exc, cycle=cycle)
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
                flash_error(request, exc)
    pending = assignment.status == AssignmentStatus.PENDING
    return render(
        request,
        "jury/assignment.html",
        {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "lines": assignment.proposal.budget_lines.all(),
            "cycle": cycle,
            "form": form,
            "editable": pending and may(request.user, cycle, "score"),
            "conflict_form": ConflictForm(),
            "can_recuse": assignment.status != AssignmentStatus.RECUSED
            and may(request.user, cycle, "declare_conflict"),
        },
    )


@login_required
@require_POST
def assignment_conflict(request, pk):
    assignment = _own_assignment(request, pk)
    try:
        roles.assignment_check(request.user, assignment, "declare_conflict")
    except DomainError as exc:
        return refused(request, exc, cycle=assignment.juror.cycle)
    form = ConflictForm(request.POST)
    try:
        services.conflict_declare(
            assignment=assignment,
            by=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
        messages.success(request, _("You are recused from this proposal."))
        return redirect("jury:cycle", cycle_pk=assignment.juror.cycle_id)
    except DomainError as exc:
        _say(request, exc)
    return redirect("jury:assignment", pk=assignment.pk)


@login_required
@require_POST
def assignment_reopen(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("juror__cycle__municipality", "proposal"), pk=pk
    )
    cycle = assignment.juror.cycle
    try:
        roles.reopen_check(request.user, cycle)
    except DomainError as exc:
        return refused(request, exc, cycle=cycle)
    try:
        services.scores_reopen(
            assignment=assignment, by=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The scores are reopened for their juror."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("jury:cycle", cycle_pk=cycle.pk)


def cycle_ranking(request, cycle_pk):
    """Public once the shortlist is published; before that, organizers (and the publication
    form) and, after review, jurors."""
    cycle = _cycle(cycle_pk)
    if request.method == "POST":
        try:
            check(request.user, cycle, "shortlist")
        except DomainError as exc:
            return refused(request, exc, cycle=cycle)
    seen = ranking.ranking_for(cycle, request.user)
    if seen is None:
        return forbidden(request, RANKING_HIDDEN, cycle=cycle)
    data = ranking.present(seen)
    form = None
    if not data["published"] and may(request.user, cycle, "shortlist"):
        initial = {"proposals": data["default_shortlist"]}
        form = ShortlistForm(data["rows"], request.POST or None, initial=initial)
        chosen = set(form.cleaned_data["proposals"]) if form.is_bound and form.is_valid() else set()
        complete = chosen and (
            chosen == set(data["default_shortlist"]) or form.cleaned_data["justification"].strip()
        )
        if complete and request.POST.get("confirm") != "1":
            # publishing is final: show the ballot-to-be first, with the same choices hidden
            # (an incomplete choice goes straight to the service, which says what is missing)
            return render(
                request,
                "jury/shortlist_confirm.html",
                {
                    "cycle": cycle,
                    "form": form,
                    "chosen": [r for r in data["rows"] if r["proposal"] in chosen],
                    "left_out": [r for r in data["rows"] if r["proposal"] not in chosen],
                    "justification": form.cleaned_data["justification"],
                },
            )
        if request.method == "POST" and form.is_valid():
            try:
                services.shortlist_publish(
                    cycle=cycle,
                    by=request.user,
                    proposal_ids=form.cleaned_data["proposals"],
                    justification=form.cleaned_data["justification"],
                )
                messages.success(request, _("The shortlist is published."))
                return redirect("jury:ranking", cycle_pk=cycle.pk)
            except DomainError as exc:
                form_error(form, exc)
    return render(
        request,
        "jury/ranking.html",
        {"cycle": cycle, "data": data, "criteria": seen.criteria, "form": form},
    )
