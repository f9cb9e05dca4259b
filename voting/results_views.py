"""Voting pages after the count: turnout during and after the vote, the results, and the
comparison of every rule."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.charts import Bar, bar_chart
from core.errors import DomainError
from core.pages import forbidden, refused
from cycles.models import Cycle
from cycles.permissions import REFUSALS, cycle_action_required
from cycles.services import has_role

from . import results, turnout


def _cycle(pk):
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)


@cycle_action_required("view_turnout")
def turnout_page(request, pk, cycle):
    """Anyone follows participation in aggregate (groups under 10 as "< 10"); organizers see
    exact numbers and more. People by day, channel and community, never votes."""
    data = turnout.turnout(cycle, exact=has_role(request.user, cycle, "organizer"))
    most = max([d["voters"] or 0 for d in data["by_day"]] + [1])
    return render(
        request,
        "voting/turnout.html",
        {"cycle": cycle, "t": data, "most": most, "small": turnout.SMALL_GROUP},
    )


def _results_chart(result) -> dict:
    projects = list(result.projects.all())
    chart = bar_chart([Bar(p.project.title, p.votes, highlight=p.won) for p in projects])
    winners = [p.project.title for p in projects if p.won]
    chart["title"] = _("Votes per project: %(envelope)s") % {"envelope": result.envelope.name}
    chart["desc"] = ngettext(
        "%(n)d project ranked by votes; funded: %(winners)s.",
        "%(n)d projects ranked by votes; funded: %(winners)s.",
        len(projects),
    ) % {
        "n": len(projects),
        "winners": ", ".join(winners) or _("none"),
    }
    return chart


def results_page(request, pk):
    cycle = _cycle(pk)
    try:
        envelope_results = results.results_of(cycle)
    except DomainError as exc:
        return refused(request, exc, cycle=cycle)
    sections = [
        {"result": r, "projects": list(r.projects.all()), "chart": _results_chart(r)}
        for r in envelope_results
    ]
    return render(
        request,
        "voting/results.html",
        {
            "cycle": cycle,
            "sections": sections,
            "is_organizer": has_role(request.user, cycle, "organizer"),
        },
    )


@login_required
def compare(request, pk):
    """Organizers see what greedy and the Method of Equal Shares would fund on their ballots."""
    cycle = _cycle(pk)
    if not has_role(request.user, cycle, "organizer"):
        return forbidden(request, REFUSALS["organizer"], cycle=cycle)
    try:
        rows = results.compare_rules(cycle)
    except DomainError as exc:
        return refused(request, exc, cycle=cycle)
    return render(request, "voting/compare.html", {"cycle": cycle, "rows": rows})
