"""Turnout: how many people voted, when, where and how — never what.

One rule, read by the turnout API and page and by the organizer dashboard (reports): a person is
counted once, on the day and in the channel of their first ballot (ballots of one person share
their `voter_tag`), in the community of their voter key (`VoterKey.objects.voted()`). Which
ballot is whose, the database does not say: the two counts are made apart. A person who fills in two envelopes, or changes a ballot
on a later day, is still one voter, on the first day.

Turnout is public, in aggregate: anyone sees the total and the split by day, community and
channel, but a group of fewer than SMALL_GROUP people shows as "< 10" (a village where three
people voted must not be a list of three neighbours). Organizers of the municipality see exact
numbers, and also the split by voting point and envelope, the verified voters and the residents.
Every count travels as {"voters": n or None, "display": "n" or "< 10"}, so a client renders
`display` and computes with `voters` only where it is given.
"""

from collections import Counter

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from voting_points.models import VotingPoint

from .models import Ballot, BallotChannel, Envelope, VoterKey

SMALL_GROUP = 10


def voters(cycle):
    """The people who voted in `cycle`, each once (see the module's rule)."""
    return VoterKey.objects.filter(cycle=cycle).voted()


def _first_ballots(cycle) -> list[tuple]:
    """[(day, channel)] of each person's first ballot: their ballots share one tag."""
    rows = (
        Ballot.objects.filter(envelope__cycle=cycle)
        .values("voter_tag")
        .annotate(first=Min("created_at"), first_channel=Min("channel"))
        .values_list("first", "first_channel")
    )
    zone = timezone.get_current_timezone()
    return [(timezone.localtime(first, zone).date(), channel) for first, channel in rows]


def by_day(cycle) -> list[tuple]:
    """[(day, voters)] in order: each person on the local day of their first ballot."""
    return sorted(Counter(day for day, _channel in _first_ballots(cycle)).items())


def by_channel(cycle) -> list[tuple]:
    """[(channel, voters)] for every channel, zeros included: each person in their one channel
    (a person votes online or on paper, never both)."""
    counted = Counter(channel for _day, channel in _first_ballots(cycle))
    return [(channel, counted.get(channel, 0)) for channel in BallotChannel.values]


def by_community(cycle) -> dict:
    """{community id or None: voters}, by the community of each person's voter key."""
    return dict(
        voters(cycle).values("community").annotate(n=Count("id")).values_list("community", "n")
    )


def by_voting_point(cycle) -> list[tuple]:
    """[(voting point, people)] for every point of the cycle, most first, zeros included: the
    people whose paper ballots were entered there, each once per point."""
    rows = (
        VotingPoint.objects.filter(cycle=cycle)
        .annotate(n=Count("ballots__voter_tag", distinct=True))
        .order_by("-n", "name", "id")
    )
    return [(point, point.n) for point in rows]


def shown(n: int, *, exact: bool) -> dict:
    """A count as a reader may see it: exact for organizers, "< 10" for a small group else."""
    if exact or n >= SMALL_GROUP:
        return {"voters": n, "display": str(n)}
    return {"voters": None, "display": f"< {SMALL_GROUP}"}


def turnout(cycle, *, exact: bool = False) -> dict:
    """Everything the turnout API and page show: people, not votes. `exact` (organizers) adds
    the small numbers and the organizers' breakdowns; without it they are None."""
    communities = list(cycle.municipality.communities.all())
    counted = by_community(cycle)
    channels = by_channel(cycle)
    total = sum(n for _channel, n in channels)
    # every community is listed, voters or not: an absent village would say "nobody here voted"
    community_rows = [(c.pk, c.name, counted.get(c.pk, 0)) for c in communities]
    if counted.get(None):
        community_rows.append((None, str(_("Not given")), counted[None]))
    out = {
        **shown(total, exact=exact),
        "exact": exact,
        "by_day": [{"day": day, **shown(n, exact=exact)} for day, n in by_day(cycle)],
        "by_channel": [{"channel": channel, **shown(n, exact=exact)} for channel, n in channels],
        # most voters first; hidden groups after, by name, so the order says nothing about them
        "by_community": sorted(
            (
                {"community": pk, "name": str(name), **shown(n, exact=exact)}
                for pk, name, n in community_rows
            ),
            key=lambda row: (-(row["voters"] or 0), row["name"]),
        ),
        "verified": None,
        "residents": None,
        "by_envelope": None,
        "by_voting_point": None,
    }
    if exact:
        out.update(organizers_turnout(cycle))
    return out


def organizers_turnout(cycle) -> dict:
    """What only the municipality's organizers see: exact, and by envelope and voting point."""
    ballots = dict(
        Ballot.objects.filter(envelope__cycle=cycle)
        .values("envelope")
        .annotate(n=Count("id"))
        .values_list("envelope", "n")
    )
    return {
        "verified": VoterKey.objects.filter(cycle=cycle).count(),
        "residents": cycle.municipality.residents.filter(is_active=True).count(),
        "by_envelope": [
            {"envelope": e.pk, "name": e.name, "ballots": ballots.get(e.pk, 0)}
            for e in Envelope.objects.filter(cycle=cycle).select_related("community")
        ],
        "by_voting_point": [
            {"voting_point": point.pk, "name": point.name, **shown(n, exact=True)}
            for point, n in by_voting_point(cycle)
        ],
    }
