"""Pages of the ideas competition: public (list, detail), authors, organizers.

Who may act is asked before a form is read: `cycle_action_required` / `check()` for the phase
table, `Idea.check_change()` for an idea's editors. A refusal is the one 403 (or 409) page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.pages import flash_error, form_error, refused
from core.parsing import parse_id
from cycles.models import Cycle
from cycles.permissions import check, cycle_action_required, may
from cycles.services import allowed_actions, require_organizer

from . import services
from .exports import ideas_csv
from .filters import IdeaFilter
from .forms import IdeaForm, MergeForm, PaperIdeaForm, ScreenForm
from .models import IDEA_FIELDS, Idea, IdeaChannel, IdeaDraft, IdeaStatus
from .services.submission import check_limit
from .services.submission import clean as check_fields

PAGE_SIZE = 20
# the service speaks of `author`; the paper form asks for the resident's `account`
PAPER_ALIASES = {"author": "account"}


def _cycle(pk) -> Cycle:
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)


def _idea(pk) -> Idea:
    return get_object_or_404(Idea.objects.select_related("cycle__municipality"), pk=pk)


def _form_page(request, form, cycle, heading, **extra):
    return render(
        request,
        "ideas/form.html",
        {"form": form, "cycle": cycle, "heading": heading, **extra},
        status=400 if form.errors else 200,
    )


# --- everyone ---


def idea_list(request, cycle_pk):
    cycle = _cycle(cycle_pk)
    ideas = Idea.objects.visible_to(request.user).filter(cycle=cycle).for_lists()
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("cycle", None)
    filterset = IdeaFilter(params, queryset=ideas, request=request)
    qs = filterset.qs if filterset.is_valid() else ideas
    if "ordering" not in params:
        qs = qs.order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/list.html",
        {
            "cycle": cycle,
            "page": page,
            "filters": filterset,
            "query": params.urlencode(),
            "categories": cycle.categories.all(),
            "communities": cycle.municipality.communities.all(),
            "statuses": [s for s in IdeaStatus if s != IdeaStatus.WITHDRAWN],
            "actions": allowed_actions(cycle, request.user),
        },
    )


def idea_detail(request, pk):
    idea = get_object_or_404(Idea.objects.visible_to(request.user, managed=True).for_lists(), pk=pk)
    cycle = idea.cycle
    context = {
        "idea": idea,
        "cycle": cycle,
        "mine": idea.is_author(request.user),
        "authors_shown": idea.authors_shown_to(request.user),
        "can_edit": idea.may_change(request.user, "edit_idea"),
        "can_withdraw": idea.may_change(request.user, "withdraw_idea"),
        "merged_ideas": idea.merged_ideas.only("pk", "title"),
    }
    if idea.is_open and may(request.user, cycle, "screen_idea"):
        context["screen_form"] = ScreenForm(
            initial={
                "decision": idea.status if idea.status != IdeaStatus.SUBMITTED else None,
                "reason": idea.screening_reason,
                "note": idea.screening_note,
            }
        )
    if idea.is_open and may(request.user, cycle, "merge_idea"):
        context["merge_form"] = MergeForm(idea=idea)
    return render(request, "ideas/detail.html", context)


# --- authors ---


@cycle_action_required("submit_idea", url_kwarg="cycle_pk")
def idea_submit(request, cycle_pk, cycle):
    """The idea form, kept as a draft: every POST first saves what was typed and the photos
    chosen (ideas.services.drafts), so a form error or a dropped connection loses nothing."""
    # how many ideas are left is said before the form is filled in, and refused before any
    # photo is chosen or sent the form is filled in, and refused before any photo is chosen or sent
    left = services.ideas_left(cycle=cycle, user=request.user)
    if left == 0:
        try:
            check_limit(cycle=cycle, user=request.user)
        except DomainError as exc:
            if request.method == "POST":
                return refused(request, exc, cycle=cycle)
            # a link followed is answered with the reason and no form (not an error page)
            return render(
                request,
                "ideas/form.html",
                {"cycle": cycle, "heading": _("Submit an idea"), "refusal": exc.message},
            )
    draft = IdeaDraft.objects.filter(user=request.user, cycle=cycle).first()
    if request.method != "POST":
        form = IdeaForm(initial=draft.data if draft else None, cycle=cycle)
        return _form_page(
            request, form, cycle, _("Submit an idea"), ideas_left=left, **_draft_context(draft)
        )
    form = IdeaForm(request.POST, cycle=cycle)  # the photos go to the draft, not the form
    typed = {k: request.POST.get(k, "") for k in IDEA_FIELDS if k in request.POST}
    photo_error = None
    try:
        draft = services.draft_save(user=request.user, cycle=cycle, data=typed)
        if request.FILES.getlist("images"):
            services.draft_add_images(
                draft=draft, user=request.user, images=request.FILES.getlist("images")
            )
        if request.POST.get("remove_image"):
            services.draft_remove_image(
                draft=draft, image_id=parse_id(request.POST["remove_image"]) or 0
            )
    except DomainError as exc:
        photo_error = exc
    if photo_error is None and "save_draft" in request.POST:
        messages.success(request, _("The draft is saved. You can finish it later."))
        return redirect("ideas:submit", cycle_pk=cycle.pk)
    if photo_error is None and "remove_image" in request.POST:
        return redirect("ideas:submit", cycle_pk=cycle.pk)
    if form.is_valid() and photo_error is None:
        try:
            idea = services.idea_submit(
                author=request.user,
                cycle=cycle,
                data=form.idea_data(),
                channel=IdeaChannel.WEB,
                draft=draft,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Thank you! Your idea is submitted."))
            return redirect("ideas:detail", pk=idea.pk)
    if photo_error is not None:
        if form.is_valid():  # say everything that is wrong at once, not the photos first
            try:
                check_fields(cycle=cycle, data=form.idea_data())
            except DomainError as exc:
                form_error(form, exc)
        form_error(form, photo_error)
    return _form_page(
        request, form, cycle, _("Submit an idea"), ideas_left=left, **_draft_context(draft)
    )


def _draft_context(draft) -> dict:
    images = list(draft.images.all()) if draft else []
    return {"draft": draft, "draft_images": images, "drafts_api": reverse("api:idea-draft-list")}


@login_required
def idea_edit(request, pk):
    idea = _idea(pk)
    try:
        idea.check_change(request.user, "edit_idea")
    except DomainError as exc:
        return refused(request, exc, cycle=idea.cycle)
    initial = {f: getattr(idea, f) for f in IDEA_FIELDS}
    form = IdeaForm(request.POST or None, cycle=idea.cycle, initial=initial, with_images=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(idea=idea, by=request.user, data=form.idea_data())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("ideas:detail", pk=idea.pk)
    return _form_page(request, form, idea.cycle, _("Edit the idea"), idea=idea)


@login_required
@require_POST
def idea_withdraw(request, pk):
    idea = _idea(pk)
    try:
        services.idea_withdraw(idea=idea, by=request.user)  # nothing to read: it checks first
        messages.success(request, _("The idea is withdrawn. Only you can still see it."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("ideas:detail", pk=idea.pk)


@login_required
def idea_claim(request):
    """Claim the paper ideas filed under the user's verified phone number."""
    if request.method == "POST":
        try:
            claimed = services.paper_ideas_claim(user=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            if claimed:
                messages.success(
                    request,
                    ngettext(
                        "You are now the author of %(n)d idea.",
                        "You are now the author of %(n)d ideas.",
                        len(claimed),
                    )
                    % {"n": len(claimed)},
                )
            else:
                messages.info(request, _("There are no paper ideas to claim."))
        return redirect("ideas:claim")
    user = request.user
    return render(
        request,
        "ideas/claim.html",
        {
            "claimable": Idea.objects.claimable_by(user).select_related("cycle"),
            "verified": bool(user.phone and user.phone_verified),
        },
    )


# --- organizers ---


@cycle_action_required("enter_paper_idea", url_kwarg="cycle_pk")
def idea_paper(request, cycle_pk, cycle):
    form = PaperIdeaForm(request.POST or None, request.FILES or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.idea_data()
        try:
            idea = services.paper_idea_enter(
                by=request.user,
                cycle=cycle,
                data=data,
                images=form.cleaned_data.get("images"),
                resident=form.cleaned_data.get("account"),
                name=form.cleaned_data.get("author_name", ""),
                phone=form.cleaned_data.get("author_phone", ""),
            )
        except DomainError as exc:
            form_error(form, exc, PAPER_ALIASES)
        else:
            messages.success(request, _("The paper idea is entered."))
            return redirect("ideas:detail", pk=idea.pk)
    return _form_page(request, form, cycle, _("Enter a paper idea form"), paper=True)


def _organizer_cycle(request, cycle_pk):
    """The cycle of an organizer's read (any phase), or the refusal to show instead."""
    cycle = _cycle(cycle_pk)
    try:
        require_organizer(request.user, cycle.municipality_id)
    except DomainError as exc:
        return cycle, refused(request, exc, cycle=cycle)
    return cycle, None


@login_required
def idea_overview(request, cycle_pk):
    cycle, refusal = _organizer_cycle(request, cycle_pk)
    if refusal:
        return refusal
    counts = Idea.objects.filter(cycle=cycle).counts()
    return render(request, "ideas/overview.html", {"cycle": cycle, "counts": counts})


@login_required
def idea_export(request, cycle_pk):
    cycle, refusal = _organizer_cycle(request, cycle_pk)
    return refusal or ideas_csv(cycle)


def _decide(request, pk, action, *, form, decide, done, invalid):
    """An organizer's decision on an idea: checked before the form is read; the form's and
    the service's refusals said on the idea's page."""
    idea = _idea(pk)
    try:
        check(request.user, idea.cycle, action)
    except DomainError as exc:
        return refused(request, exc, cycle=idea.cycle)
    form = form(idea)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("ideas:detail", pk=pk)
    try:
        decide(idea=idea, by=request.user, **form.cleaned_data)
        messages.success(request, done)
    except DomainError as exc:
        for error in [e for errs in exc.fields.values() for e in errs] or [exc.message]:
            messages.error(request, error)
    return redirect("ideas:detail", pk=pk)


@login_required
@require_POST
def idea_screen(request, pk):
    return _decide(
        request,
        pk,
        "screen_idea",
        form=lambda idea: ScreenForm(request.POST),
        decide=services.idea_screen,
        done=_("The decision is saved and the authors are notified."),
        invalid=_("Choose a decision."),
    )


@login_required
@require_POST
def idea_merge(request, pk):
    return _decide(
        request,
        pk,
        "merge_idea",
        form=lambda idea: MergeForm(request.POST, idea=idea),
        decide=services.idea_merge,
        done=_("The ideas are merged."),
        invalid=_("Choose the idea to merge into."),
    )
