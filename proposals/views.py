from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.exports import csv_response
from cycles.models import Cycle
from cycles.services import allowed_actions, has_role
from ideas.models import Idea, IdeaStatus

from . import services
from .forms import (
    AttachmentForm,
    BudgetLineFormSet,
    ProposalForm,
    StatusFilterForm,
    ValuationForm,
)
from .models import Attachment, Proposal, ProposalStatus


def _visible(request, pk):
    qs = Proposal.objects.select_related("cycle__municipality", "idea__author", "community")
    proposal = get_object_or_404(services.visible_to(request.user, qs), pk=pk)
    return proposal


def _show_error(request, exc, form=None):
    """Field errors go next to their fields when the page has them; the rest become messages."""
    leftover = []
    for field, errors in exc.fields.items():
        if form is not None and field in form.fields:
            for error in errors:
                form.add_error(field, error)
        else:
            leftover.extend(errors)
    if not exc.fields or (form is None and exc.message not in leftover):
        leftover.insert(0, exc.message)
    for error in leftover:
        messages.error(request, error)


def _filtered(request, cycle):
    qs = services.visible_to(request.user, cycle.proposals.select_related("community", "idea"))
    form = StatusFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        qs = qs.filter(status=form.cleaned_data["status"])
    return form, qs.order_by("title", "id")


def proposal_list(request, cycle_pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=cycle_pk)
    form, proposals = _filtered(request, cycle)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "cycle": cycle,
            "proposals": proposals,
            "form": form,
            "is_organizer": has_role(request.user, cycle, "organizer"),
        },
    )


def proposal_csv(request, cycle_pk):
    cycle = get_object_or_404(Cycle, pk=cycle_pk)
    if not has_role(request.user, cycle, "organizer"):
        raise Http404
    _form, proposals = _filtered(request, cycle)
    return csv_response(
        f"proposals-{cycle.pk}.csv",
        [
            "id",
            _("Title"),
            _("Status"),
            _("Community"),
            _("Location"),
            _("Total cost (GEL)"),
            _("Official cost estimate (GEL)"),
            _("Beneficiaries"),
            _("Timeline (months)"),
            _("Submitted at"),
        ],
        (
            [
                p.pk,
                p.title,
                p.get_status_display(),
                p.community.name if p.community else "",
                p.location,
                p.total_cost,
                p.cost_estimate,
                p.beneficiaries_count,
                p.timeline_months,
                p.submitted_at.isoformat() if p.submitted_at else "",
            ]
            for p in proposals
        ),
    )


@login_required
def my_proposals(request, cycle_pk):
    """The caller's eligible ideas in this cycle, each with its proposal or a button to start it."""
    cycle = get_object_or_404(Cycle, pk=cycle_pk)
    ideas = (
        Idea.objects.filter(cycle=cycle, status=IdeaStatus.ELIGIBLE)
        .filter(Q(author=request.user) | Q(pk__in=request.user.co_authored_ideas.values("pk")))
        .select_related("proposal")
        .order_by("title")
    )
    rows = [(idea, getattr(idea, "proposal", None)) for idea in ideas]
    return render(
        request,
        "proposals/my_proposals.html",
        {"cycle": cycle, "rows": rows, "actions": allowed_actions(cycle, request.user)},
    )


@login_required
@require_POST
def proposal_start(request, idea_pk):
    idea = get_object_or_404(Idea.objects.select_related("cycle"), pk=idea_pk)
    try:
        proposal = services.proposal_create(idea=idea, by=request.user)
    except DomainError as exc:
        _show_error(request, exc)
        return redirect("proposals:mine", cycle_pk=idea.cycle_id)
    return redirect("proposals:edit", pk=proposal.pk)


def proposal_detail(request, pk):
    proposal = _visible(request, pk)
    cycle = proposal.cycle
    is_organizer = has_role(request.user, cycle, "organizer")
    is_author = services.is_author(request.user, proposal)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "cycle": cycle,
            "lines": proposal.budget_lines.all(),
            "attachments": proposal.attachments.all(),
            "history": proposal.status_changes.all(),
            "actions": allowed_actions(cycle, request.user),
            "is_author": is_author,
            "is_organizer": is_organizer,
            "show_authors": is_author or is_organizer,
        },
    )


def _lines_initial(proposal):
    return [
        {"item": b.item, "quantity": b.quantity, "unit": b.unit, "unit_cost": b.unit_cost}
        for b in proposal.budget_lines.all()
    ]


@login_required
def proposal_edit(request, pk):
    proposal = _visible(request, pk)
    if not services.is_author(request.user, proposal):
        raise Http404
    if proposal.status != ProposalStatus.DRAFT:
        messages.info(request, _("This proposal is submitted and can no longer be changed."))
        return redirect("proposals:detail", pk=pk)
    if request.method == "POST" and "add_line" in request.POST:
        # one more empty row, nothing saved: works without JavaScript
        data = request.POST.copy()
        try:
            total = int(data.get("lines-TOTAL_FORMS", "0"))
        except ValueError:
            total = 0
        data["lines-TOTAL_FORMS"] = str(min(total + 1, 100))
        form = ProposalForm(data, instance=proposal)
        formset = BudgetLineFormSet(data, prefix="lines")
    elif request.method == "POST":
        form = ProposalForm(request.POST, instance=proposal)
        formset = BudgetLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            lines = [
                {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            data = {f: form.cleaned_data[f] for f in form.Meta.fields}
            try:
                services.proposal_update(
                    proposal=proposal, by=request.user, data=data, budget_lines=lines
                )
            except DomainError as exc:
                _show_error(request, exc, form)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("proposals:edit", pk=pk)
    else:
        form = ProposalForm(instance=proposal)
        formset = BudgetLineFormSet(initial=_lines_initial(proposal), prefix="lines")
    return render(
        request,
        "proposals/proposal_edit.html",
        {
            "proposal": proposal,
            "cycle": proposal.cycle,
            "form": form,
            "formset": formset,
            "attachment_form": AttachmentForm(),
            "attachments": proposal.attachments.all(),
            "actions": allowed_actions(proposal.cycle, request.user),
        },
    )


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = _visible(request, pk)
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except DomainError as exc:
        _show_error(request, exc)
        if services.may_edit(request.user, proposal):
            return redirect("proposals:edit", pk=pk)
    else:
        messages.success(request, _("Submitted. The proposal is now locked for review."))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def attachment_add(request, pk):
    proposal = _visible(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.attachment_add(
                proposal=proposal, by=request.user, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            _show_error(request, exc)
        else:
            messages.success(request, _("Attached."))
    return redirect("proposals:edit", pk=pk)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    proposal = _visible(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except DomainError as exc:
        _show_error(request, exc)
    else:
        messages.success(request, _("Removed."))
    return redirect("proposals:edit", pk=pk)


@login_required
def valuation(request, pk):
    proposal = _visible(request, pk)
    if not has_role(request.user, proposal.cycle, "organizer"):
        raise Http404
    initial = {"reason": proposal.valuation_reason, "cost_estimate": proposal.cost_estimate}
    if proposal.status in (ProposalStatus.FEASIBLE, ProposalStatus.NOT_FEASIBLE):
        initial["feasible"] = "1" if proposal.status == ProposalStatus.FEASIBLE else "0"
    form = ValuationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_value(proposal=proposal, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("Assessment saved; the authors were notified."))
            return redirect("proposals:detail", pk=pk)
    return render(
        request,
        "proposals/valuation.html",
        {"proposal": proposal, "cycle": proposal.cycle, "form": form},
    )
