"""Proposal pages. Who may act is asked first (`services.author_check`, `cycles.permissions`):
a refusal is the one 403 (or 409) page; what the service then says goes on the form or the
next page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import media
from core.errors import Conflict, DomainError, NotAuthenticated
from core.exports import csv_response
from core.pages import flash_error, forbidden, form_error, refused
from core.search import matches
from cycles.models import Cycle
from cycles.permissions import REFUSALS, check, may
from cycles.services import has_role
from ideas.models import Idea, IdeaStatus

from . import services
from .budget import running_total
from .forms import (
    AttachmentForm,
    BudgetLineFormSet,
    ProposalForm,
    StatusFilterForm,
    ValuationForm,
)
from .models import (
    AUTHOR_FIELDS,
    BUDGET_LINE_FIELDS,
    VALUABLE,
    Attachment,
    Proposal,
    ProposalStatus,
)


def _visible(request, pk):
    qs = Proposal.objects.select_related("cycle__municipality", "idea__author", "community")
    return get_object_or_404(qs.visible_to(request.user), pk=pk)


def _label(field) -> str:
    if field == "budget_lines" or field.startswith("budget_lines."):
        return _("Budget")
    try:
        return str(Proposal._meta.get_field(field).verbose_name).capitalize()
    except FieldDoesNotExist:
        return ""


def _flash(request, exc: DomainError):
    """A refusal said on the next page: its message, then each field's error by its label."""
    if not exc.fields:
        return flash_error(request, exc)
    if exc.message != str(DomainError.default_message):
        messages.error(request, exc.message)
    for field, errors in exc.fields.items():
        label = _label(field)
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _refused(request, exc: DomainError, cycle):
    if isinstance(exc, NotAuthenticated):
        return redirect_to_login(request.get_full_path())
    return refused(request, exc, cycle=cycle)


def _filtered(request, cycle):
    qs = cycle.proposals.select_related("community", "idea").visible_to(request.user)
    form = StatusFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        qs = qs.filter(status=form.cleaned_data["status"])
    if form.is_valid() and form.cleaned_data.get("search"):
        text = form.cleaned_data["search"]
        found = matches(text)  # Latin finds Georgian, a word form finds the word
        plain = Q(title__icontains=text) | Q(summary__icontains=text)
        qs = qs.filter(plain | found if found is not None else plain)
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


@login_required
def proposal_csv(request, cycle_pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=cycle_pk)
    if not has_role(request.user, cycle, "organizer"):
        return forbidden(request, REFUSALS["organizer"], cycle=cycle)
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
        {
            "cycle": cycle,
            "rows": rows,
            "may_write": may(request.user, cycle, "write_proposal"),
        },
    )


@login_required
@require_POST
def proposal_start(request, idea_pk):
    idea = get_object_or_404(Idea.objects.select_related("cycle__municipality"), pk=idea_pk)
    try:
        services.author_check(request.user, idea, "write_proposal")
    except DomainError as exc:
        return _refused(request, exc, idea.cycle)
    try:
        proposal = services.proposal_create(idea=idea, by=request.user)
    except DomainError as exc:
        _flash(request, exc)
        return redirect("proposals:mine", cycle_pk=idea.cycle_id)
    return redirect("proposals:edit", pk=proposal.pk)


def proposal_detail(request, pk):
    proposal = _visible(request, pk)
    cycle = proposal.cycle
    user = request.user
    is_author = services.is_author(user, proposal)
    is_organizer = has_role(user, cycle, "organizer")
    draft = proposal.status == ProposalStatus.DRAFT
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "cycle": cycle,
            "lines": proposal.budget_lines.all(),
            "attachments": Attachment.objects.readable_by(user).filter(proposal=proposal),
            "history": proposal.status_changes.all(),
            "is_author": is_author,
            "show_authors": is_author or is_organizer,
            "may_write": services.may_write(user, proposal),
            "may_submit": draft and is_author and may(user, cycle, "submit_proposal"),
            "may_value": proposal.status in VALUABLE and may(user, cycle, "value_proposal"),
        },
    )


def _lines_initial(proposal):
    return [{f: getattr(b, f) for f in BUDGET_LINE_FIELDS} for b in proposal.budget_lines.all()]


@login_required
def proposal_edit(request, pk):
    proposal = _visible(request, pk)
    if services.is_author(request.user, proposal) and proposal.status != ProposalStatus.DRAFT:
        messages.info(request, services.LOCKED)
        return redirect("proposals:detail", pk=pk)
    try:
        services.author_check(request.user, proposal, "write_proposal")
    except DomainError as exc:
        return _refused(request, exc, proposal.cycle)
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
            data = {f: form.cleaned_data[f] for f in AUTHOR_FIELDS}
            try:
                services.proposal_update(
                    proposal=proposal, by=request.user, data=data, budget_lines=lines
                )
            except DomainError as exc:
                form_error(form, exc)
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
            "total": _lines_total(formset) if formset.is_bound else proposal.total_cost,
            "may_submit": may(request.user, proposal.cycle, "submit_proposal"),
        },
    )


def _lines_total(formset):
    """The total of the lines as the author typed them (after "Add a line" or an error)."""
    return running_total(
        (f["quantity"].value(), f["unit_cost"].value())
        for f in formset.forms
        if not f["DELETE"].value()
    )


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = _visible(request, pk)
    try:
        services.author_check(request.user, proposal, "submit_proposal")
    except DomainError as exc:
        return _refused(request, exc, proposal.cycle)
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except DomainError as exc:
        _flash(request, exc)
        if services.may_write(request.user, proposal):
            return redirect("proposals:edit", pk=pk)
    else:
        messages.success(request, _("Submitted. The proposal is now locked for review."))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def attachment_add(request, pk):
    proposal = _visible(request, pk)
    try:
        services.author_check(request.user, proposal, "write_proposal")
    except DomainError as exc:
        return _refused(request, exc, proposal.cycle)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.attachment_add(
                proposal=proposal, by=request.user, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Attached."))
    return redirect("proposals:edit", pk=pk)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    proposal = _visible(request, pk)
    try:
        services.author_check(request.user, proposal, "write_proposal")
    except DomainError as exc:
        return _refused(request, exc, proposal.cycle)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Removed."))
    return redirect("proposals:edit", pk=pk)


@require_safe
def attachment_file(request, pk, attachment_pk):
    """The file of an attachment, to those who may read it; 404 to everyone else."""
    attachment = get_object_or_404(
        Attachment.objects.readable_by(request.user), pk=attachment_pk, proposal_id=pk
    )
    return media.file_response(
        request,
        attachment.file.storage,
        attachment.file.name,
        cache_control=media.PRIVATE_CACHE,
        filename=attachment.name,
    )


@login_required
def valuation(request, pk):
    proposal = _visible(request, pk)
    try:
        check(request.user, proposal.cycle, "value_proposal")
        if proposal.status not in VALUABLE:
            raise Conflict(services.NOT_VALUABLE)
    except DomainError as exc:
        return _refused(request, exc, proposal.cycle)
    initial = {"reason": proposal.valuation_reason, "cost_estimate": proposal.cost_estimate}
    if proposal.status in (ProposalStatus.FEASIBLE, ProposalStatus.NOT_FEASIBLE):
        initial["feasible"] = "1" if proposal.status == ProposalStatus.FEASIBLE else "0"
    form = ValuationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_value(proposal=proposal, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Assessment saved; the authors were notified."))
            return redirect("proposals:detail", pk=pk)
    return render(
        request,
        "proposals/valuation.html",
        {"proposal": proposal, "cycle": proposal.cycle, "form": form},
    )
