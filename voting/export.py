"""Results as files anyone can take away: a CSV table and, per envelope, a Pabulib `.pb`."""

from django.utils.translation import gettext as _

from core.errors import NotFound
from core.exports import csv_response

from .models import Envelope
from .results import results_of


def results_csv(cycle):
    """The results of every envelope as one table anyone can download."""
    header = ["envelope", "envelope_name", "rule", "rank", "project_id", "proposal_id", "title"]
    header += ["cost", "votes", "share", "won"]
    rows = (
        [
            result.envelope_id,
            result.envelope.name,
            result.rule,
            pr.rank,
            pr.project_id,
            pr.project.proposal_id,
            pr.project.title,
            pr.cost,
            pr.votes,
            pr.share,
            pr.won,
        ]
        for result in results_of(cycle)
        for pr in result.projects.all()
    )
    return csv_response(f"results-{cycle.pk}.csv", header, rows)


def envelope_for_pb(cycle, raw) -> Envelope:
    """The envelope asked for, else the municipality-wide one, else the first."""
    envelopes = Envelope.objects.filter(cycle=cycle).select_related("community", "result")
    if raw not in (None, ""):
        try:
            return envelopes.get(pk=int(raw))
        except (ValueError, TypeError, OverflowError, Envelope.DoesNotExist):
            raise NotFound(_("This cycle has no such envelope.")) from None
    envelope = envelopes.filter(community__isnull=True).first() or envelopes.order_by("pk").first()
    if envelope is None:
        raise NotFound(_("This cycle has no envelopes."))
    return envelope
