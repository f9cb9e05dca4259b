"""Turnout for organizers during the vote: how many, when, where, how — never what."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cycles.phases import require
from cycles.services import require_organizer

from .models import Ballot, Channel, Envelope, VoterKey


def turnout(*, cycle, user) -> dict:
    """Organizers follow participation during the vote: how many, when, where, how; no votes."""
    require_organizer(user, cycle.municipality_id)
    require(cycle, "view_turnout")
    # a person is counted once, on the day and channel of their first ballot
    first = {}
    rows = (
        Ballot.objects.filter(envelope__cycle=cycle)
        .order_by("created_at", "id")
        .values_list("voter_id", "created_at", "channel", "voter__community_id")
    )
    for voter_id, at, channel, community_id in rows:
        first.setdefault(voter_id, (timezone.localtime(at).date(), channel, community_id))
    names = {c.pk: c.name for c in cycle.municipality.communities.all()}
    by_day, by_channel, by_community = {}, dict.fromkeys(Channel.values, 0), {}
    for day, channel, community_id in first.values():
        by_day[day] = by_day.get(day, 0) + 1
        by_channel[channel] += 1
        by_community[community_id] = by_community.get(community_id, 0) + 1
    envelopes = Envelope.objects.filter(cycle=cycle).select_related("community")
    counts = dict(
        Ballot.objects.filter(envelope__cycle=cycle)
        .values_list("envelope")
        .annotate(n=Count("id"))
        .values_list("envelope", "n")
    )
    return {
        "voters": len(first),
        "verified": VoterKey.objects.filter(cycle=cycle).count(),
        "residents": cycle.municipality.residents.filter(is_active=True).count(),
        "by_day": [{"day": d, "voters": n} for d, n in sorted(by_day.items())],
        "by_channel": [{"channel": c, "voters": n} for c, n in by_channel.items()],
        "by_community": [
            {"community": cid, "name": names.get(cid, str(_("Not given"))), "voters": n}
            for cid, n in sorted(by_community.items(), key=lambda kv: (-kv[1], kv[0] or 0))
        ],
        "by_envelope": [
            {"envelope": e.pk, "name": e.name, "ballots": counts.get(e.pk, 0)} for e in envelopes
        ],
    }
