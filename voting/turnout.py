"""Turnout: how many people voted, when, where and how — never what.

One rule, read by the turnout API and page and by the organizer dashboard (reports): a person is
counted once, on the day and in the channel of their first ballot (`VoterKey.objects.voted()`),
in the community of their voter key. A person who fills in two envelopes, or changes a ballot
on a later day, is still one voter, on the first day.
"""

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Ballot, BallotChannel, Envelope, VoterKey


def voters(cycle):
    """The people who voted in `cycle`, each once (see the module's rule)."""
    return VoterKey.objects.filter(cycle=cycle).voted()


def by_day(cycle) -> list[tuple]:
    """[(day, voters)] in order: each person on the local day of their first ballot."""
    rows = (
        voters(cycle)
        .annotate(day=TruncDate("first_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return [(row["day"], row["n"]) for row in rows]


def by_channel(cycle) -> list[tuple]:
    """[(channel, voters)] for every channel, zeros included: each person in their first one."""
    counted = dict(
        voters(cycle)
        .values("first_channel")
        .annotate(n=Count("id"))
        .values_list("first_channel", "n")
    )
    return [(channel, counted.get(channel, 0)) for channel in BallotChannel.values]


def by_community(cycle) -> dict:
    """{community id or None: voters}, by the community of each person's voter key."""
    return dict(
        voters(cycle).values("community").annotate(n=Count("id")).values_list("community", "n")
    )


def turnout(cycle) -> dict:
    """Everything the turnout API and page show: people, not votes."""
    names = {c.pk: c.name for c in cycle.municipality.communities.all()}
    communities = sorted(by_community(cycle).items(), key=lambda kv: (-kv[1], kv[0] or 0))
    ballots = dict(
        Ballot.objects.filter(envelope__cycle=cycle)
        .values("envelope")
        .annotate(n=Count("id"))
        .values_list("envelope", "n")
    )
    channels = by_channel(cycle)
    return {
        "voters": sum(n for _channel, n in channels),
        "verified": VoterKey.objects.filter(cycle=cycle).count(),
        "residents": cycle.municipality.residents.filter(is_active=True).count(),
        "by_day": [{"day": day, "voters": n} for day, n in by_day(cycle)],
        "by_channel": [{"channel": channel, "voters": n} for channel, n in channels],
        "by_community": [
            {"community": cid, "name": names.get(cid, str(_("Not given"))), "voters": n}
            for cid, n in communities
        ],
        "by_envelope": [
            {"envelope": e.pk, "name": e.name, "ballots": ballots.get(e.pk, 0)}
            for e in Envelope.objects.filter(cycle=cycle).select_related("community")
        ],
    }
