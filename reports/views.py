"""The organizer dashboard of a cycle: how many took part at each step, as tables and bar charts.

It reads every app's data, which is why it is an app of its own (`reports` may know every app
it reports on; no app imports it) and only reads, through the apps' models. Each table is one or two aggregate queries;
each can be downloaded as CSV. Organizers of the cycle's municipality only.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.charts import Bar, bar_chart
from core.exports import csv_response
from core.pages import forbidden
from cycles.models import Cycle
from ideas.models import Category, Idea, IdeaStatus
from implementation.models import FundedProject, ProblemReportStatus
from jury.models import Juror
from trainings.models import EnrollmentStatus, TrainingSession
from voting import turnout
from voting.models import BallotChannel
from voting_points.models import VotingPoint

from .participation import participation


@dataclass
class Table:
    """One table of the dashboard: a header, rows of (label, numbers...), and what to chart.

    `bar` is the column drawn as a bar; `part` (optional) a column that is a part of it (eligible
    ideas of all ideas, attended of enrolled), drawn darker inside the bar."""

    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    bar: int = 1
    part: int | None = None
    note: str = ""

    def chart(self):
        return bar_chart(
            [Bar(row[0], row[self.bar], row[self.part] if self.part else None) for row in self.rows]
        )


def _ideas_by(cycle, key, names, label_missing):
    counted = (
        Idea.objects.filter(cycle=cycle)
        .exclude(status__in=[IdeaStatus.WITHDRAWN, IdeaStatus.MERGED])
        .values(key)
        .annotate(n=Count("id"), ok=Count("id", filter=Q(status=IdeaStatus.ELIGIBLE)))
    )
    by_key = {row[key]: (row["n"], row["ok"]) for row in counted}
    rows = [(obj.name, *by_key.get(obj.pk, (0, 0))) for obj in names]
    if None in by_key:
        rows.append((label_missing, *by_key[None]))
    return rows


def ideas_by_category(cycle):
    return Table(
        "ideas-by-category",
        _("Ideas by category"),
        [_("Category"), _("Ideas"), _("Eligible")],
        _ideas_by(cycle, "category", Category.objects.filter(cycle=cycle), _("No category")),
        part=2,
        note=_("Withdrawn and merged ideas are not counted."),
    )


def ideas_by_community(cycle):
    return Table(
        "ideas-by-community",
        _("Ideas by community"),
        [_("Community"), _("Ideas"), _("Eligible")],
        _ideas_by(
            cycle, "community", cycle.municipality.communities.all(), _("Whole municipality")
        ),
        part=2,
    )


def trainings(cycle):
    sessions = (
        TrainingSession.objects.filter(cycle=cycle)
        .with_seats()
        .annotate(attended_count=Count("enrollments", filter=Q(enrollments__attended=True)))
    )
    rows = [
        (
            f"{s.title}, {formats.date_format(timezone.localtime(s.starts_at), 'SHORT_DATE_FORMAT')}",
            s.enrolled_count,
            s.attended_count,
            s.capacity,
            s.waitlisted_count,
        )
        for s in sessions
    ]
    return Table(
        "trainings",
        _("Enrollment and attendance"),
        [_("Session"), _("Enrolled"), _("Attended"), _("Seats"), _("Waitlist")],
        rows,
        part=2,
    )


def jury_progress(cycle):
    jurors = Juror.objects.filter(cycle=cycle).with_progress()
    rows = [(str(j.user), j.assigned, j.done, j.pending, j.recused) for j in jurors]
    return Table(
        "jury",
        _("Jury progress"),
        [_("Juror"), _("Assigned"), _("Scored"), _("To score"), _("Recused")],
        rows,
        part=2,
    )


# the one turnout rule is voting.turnout's; the dashboard only lays it out
TURNOUT_RULE = gettext_lazy(
    "A person is counted once, on the day and in the channel of their first ballot."
)


def turnout_by_day(cycle):
    rows = [
        (formats.date_format(day, "SHORT_DATE_FORMAT"), voters)
        for day, voters in turnout.by_day(cycle)
    ]
    return Table(
        "turnout-by-day",
        _("Turnout by day"),
        [_("Day"), _("Voters")],
        rows,
        note=TURNOUT_RULE,
    )


def turnout_by_community(cycle):
    counted = turnout.by_community(cycle)
    rows = [
        (c.name, counted.get(c.pk, 0), c.population or "")
        for c in cycle.municipality.communities.all()
    ]
    if None in counted:
        rows.append((_("Community unknown"), counted[None], ""))
    return Table(
        "turnout-by-community",
        _("Turnout by community"),
        [_("Community"), _("Voters"), _("Population")],
        rows,
    )


def turnout_by_channel(cycle):
    labels = dict(BallotChannel.choices)
    rows = [(labels[channel], voters) for channel, voters in turnout.by_channel(cycle)]
    return Table(
        "turnout-by-channel",
        _("Turnout by channel"),
        [_("Channel"), _("Voters")],
        rows,
        note=TURNOUT_RULE,
    )


def voting_points(cycle):
    """Each point's paper ballots and its protocol; a protocol that does not add up is flagged."""
    rows = []
    for point, people in turnout.by_voting_point(cycle):
        if point.discrepancy:
            check = _("Does not add up: %(d)+d") % {"d": point.discrepancy}
        elif point.is_closed and point.discrepancy is not None:
            check = _("Adds up")
        else:
            check = point.get_status_display()
        rows.append(
            (
                point.name,
                people,
                point.ballots_entered if point.ballots_entered is not None else "",
                point.ballots_issued if point.ballots_issued is not None else "",
                point.spoiled if point.spoiled is not None else "",
                check,
            )
        )
    return Table(
        "voting-points",
        _("Voting points"),
        [
            _("Voting point"),
            _("Voters"),
            _("Entered at closing"),
            _("Issued"),
            _("Spoiled"),
            _("Protocol"),
        ],
        rows,
        note=_("A closed point's protocol adds up when entered = issued - spoiled."),
    )


TABLES = [
    ideas_by_category,
    ideas_by_community,
    trainings,
    jury_progress,
    turnout_by_day,
    turnout_by_community,
    turnout_by_channel,
    voting_points,
]
SLUGS = {
    "ideas-by-category": ideas_by_category,
    "ideas-by-community": ideas_by_community,
    "trainings": trainings,
    "jury": jury_progress,
    "turnout-by-day": turnout_by_day,
    "turnout-by-community": turnout_by_community,
    "turnout-by-channel": turnout_by_channel,
    "voting-points": voting_points,
}


def summary(cycle):
    """The headline numbers: one aggregate query per step."""
    ideas = Idea.objects.filter(cycle=cycle).aggregate(
        submitted=Count("id", filter=~Q(status__in=[IdeaStatus.WITHDRAWN, IdeaStatus.MERGED])),
        eligible=Count("id", filter=Q(status=IdeaStatus.ELIGIBLE)),
    )
    seats = TrainingSession.objects.filter(cycle=cycle).aggregate(
        enrolled=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)),
        attended=Count("enrollments", filter=Q(enrollments__attended=True)),
    )
    jury = (
        Juror.objects.filter(cycle=cycle)
        .with_progress()
        .aggregate(sheets=Sum("assigned"), submitted=Sum("done"))
    )
    voters = turnout.voters(cycle).count()
    return [
        (_("Ideas"), ideas["submitted"]),
        (_("Eligible ideas"), ideas["eligible"]),
        (_("Enrolled in trainings"), seats["enrolled"]),
        (_("Attended a training"), seats["attended"]),
        (_("Scores submitted"), f"{jury['submitted'] or 0} / {jury['sheets'] or 0}"),
        (_("Voters"), voters),
    ]


def flagged_projects(cycle) -> list:
    """Funded projects over budget or late, for the organizers to act on (one query)."""
    return list(
        FundedProject.objects.filter(cycle=cycle)
        .needing_attention()
        .select_related("proposal")
        .order_by("id")
    )


def reports_waiting(cycle) -> list:
    """Funded projects with residents' problem reports waiting for moderation (one query)."""
    waiting = Count("reports", filter=Q(reports__status=ProblemReportStatus.PENDING))
    return list(
        FundedProject.objects.filter(cycle=cycle)
        .annotate(waiting=waiting)
        .filter(waiting__gt=0)
        .select_related("proposal")
        .order_by("id")
    )


def _organizer_cycle(request, pk):
    cycle = get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)
    allowed = request.user.is_organizer_of(cycle.municipality_id)
    return cycle, allowed


FORBIDDEN = gettext_lazy("Only organizers of this municipality may see its dashboard.")


@login_required
def dashboard(request, pk):
    cycle, allowed = _organizer_cycle(request, pk)
    if not allowed:
        return forbidden(request, FORBIDDEN, cycle=cycle)
    return render(
        request,
        "reports/dashboard.html",
        {
            "cycle": cycle,
            "summary": summary(cycle),
            "tables": [build(cycle) for build in TABLES],
            "flagged": flagged_projects(cycle),
            "reports_waiting": reports_waiting(cycle),
            "discrepancies": VotingPoint.objects.filter(cycle=cycle).with_discrepancy(),
        },
    )


@login_required
def dashboard_csv(request, pk, table):
    cycle, allowed = _organizer_cycle(request, pk)
    if not allowed:
        return forbidden(request, FORBIDDEN, cycle=cycle)
    if table not in SLUGS:
        raise Http404
    data = SLUGS[table](cycle)
    return csv_response(
        f"{cycle.municipality.slug}-{cycle.year}-{table}.csv", data.columns, data.rows
    )


@login_required
def my_participation(request):
    """My participation, on one page: the same read model as `GET me/participation/`."""
    return render(request, "reports/participation.html", participation(request.user))
