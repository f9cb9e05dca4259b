"""Results as files anyone can take away: a CSV table and, per envelope, a Pabulib `.pb`."""

import csv
import io

from django.utils.translation import gettext as _

from civic_budget.errors import NotFound

from .models import Envelope
from .results import results_of


def results_csv(cycle) -> str:
    out = io.StringIO()
    table = csv.writer(out, lineterminator="\n")
    table.writerow(
        [
            "envelope",
            "envelope_name",
            "rule",
            "rank",
            "project_id",
            "proposal_id",
            "title",
            "cost",
            "votes",
            "share",
            "won",
        ]
    )
    for result in results_of(cycle):
        for pr in result.projects.all():
            table.writerow(
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
                    int(pr.won),
                ]
            )
    return out.getvalue()


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
