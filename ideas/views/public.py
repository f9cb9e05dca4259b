from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cycles.models import Cycle
from cycles.services import allowed_actions, has_role

from ..filters import IdeaFilter
from ..forms import MergeForm, ScreenForm
from ..models import Idea, IdeaStatus

PAGE_SIZE = 20


def idea_list(request, cycle_pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=cycle_pk)
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
    actions = allowed_actions(cycle, request.user)
    is_organizer = has_role(request.user, cycle, "organizer")
    mine = idea.is_author(request.user)
    can_edit = (
        idea.status == IdeaStatus.SUBMITTED
        and "edit_idea" in actions
        and (mine or (is_organizer and idea.channel == "paper"))
    )
    open_states = (IdeaStatus.SUBMITTED, IdeaStatus.ELIGIBLE, IdeaStatus.INELIGIBLE)
    context = {
        "idea": idea,
        "cycle": cycle,
        "mine": mine,
        "can_edit": can_edit,
        "can_withdraw": mine and "withdraw_idea" in actions and idea.status in open_states,
        "merged_ideas": idea.merged_ideas.only("pk", "title"),
    }
    if is_organizer and idea.status in open_states:
        if "screen_idea" in actions:
            context["screen_form"] = ScreenForm(
                initial={
                    "decision": idea.status if idea.status != IdeaStatus.SUBMITTED else None,
                    "reason": idea.screening_reason,
                    "note": idea.screening_note,
                }
            )
        if "merge_idea" in actions:
            context["merge_form"] = MergeForm(idea=idea)
    return render(request, "ideas/detail.html", context)
