"""Counting: every envelope tallied with the cycle's rule by the pure engine in `voting.rules`.

The same anonymized ballots feed the tally, the published hash and `results.pb`, so anyone can
take the file, hash its votes and recount with any implementation of the rule.

Ballot hash: SHA-256 of the JSON (no spaces) of the sorted list of ballots, each ballot the
sorted list of `[project_id, points]` pairs with project ids as strings (points 1 for approval
and knapsack ballots; points by rank, k for the first choice, on ranked ballots) — the VOTES
section of `results.pb`, in the same order.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import NotFound, PhaseClosed
from core.translation import both
from cycles.models import BallotKind, Cycle, TallyRule, rule_in_words, tally_options
from cycles.phases import require
from notifications.services import notify
from proposals.models import ProposalStatus
from proposals.services import proposal_set_status
from record import services as record

from . import rules
from .models import Ballot, BallotProject, Envelope, EnvelopeResult, ProjectResult, VoterKey

# Ranked ballots are stored and counted as points by rank (k, k-1, ..., 1), exported as ordinal.
POINTS_KINDS = {BallotKind.CUMULATIVE, BallotKind.RANKED}
VOTE_TYPES = {BallotKind.CUMULATIVE: "cumulative", BallotKind.RANKED: "ordinal"}


def anonymized_ballots(envelope) -> list[list[tuple[str, int]]]:
    """Each ballot as sorted (project id, points) pairs; the list sorted, so order says nothing."""
    ballots = {}
    rows = Ballot.objects.filter(envelope=envelope).values_list(
        "id", "choices__project_id", "choices__points"
    )
    for ballot_id, project_id, points in rows:
        pairs = ballots.setdefault(ballot_id, [])
        if project_id is not None:
            pairs.append((str(project_id), points))
    return sorted(sorted(pairs) for pairs in ballots.values())


def ballot_hash(ballots) -> str:
    text = json.dumps([[list(p) for p in b] for b in ballots], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def election_of(envelope, ballots=None) -> rules.Election:
    """The envelope as the pure engine's plain data: projects by id, ballots as sets or points."""
    projects = {
        str(p.pk): rules.Project(cost=p.cost, name=p.title)
        for p in BallotProject.objects.filter(envelope=envelope).order_by("pk")
    }
    if ballots is None:
        ballots = anonymized_ballots(envelope)
    if envelope.ballot_kind in POINTS_KINDS:
        plain = [dict(b) for b in ballots]
    else:
        plain = [frozenset(pid for pid, _points in b) for b in ballots]
    return rules.Election(budget=envelope.budget, projects=projects, ballots=plain)


def selected(election, rule, threshold=None) -> list[str]:
    return list(rules.tally(election, rule, **tally_options(rule, threshold)).selected)


def _votes(election) -> dict[str, int]:
    votes = dict.fromkeys(election.projects, 0)
    for ballot in election.ballots:
        for pid in ballot:
            votes[pid] += ballot[pid] if isinstance(ballot, dict) else 1
    return votes


def tally_envelope(envelope, rule, threshold=None) -> EnvelopeResult:
    ballots = anonymized_ballots(envelope)
    election = election_of(envelope, ballots)
    threshold = threshold if rule == TallyRule.GREEDY_THRESHOLD else None
    winners = set(selected(election, rule, threshold))
    votes = _votes(election)
    if envelope.ballot_kind in POINTS_KINDS:
        base = sum(votes.values())
    else:
        base = len(ballots)
    projects = {str(p.pk): p for p in envelope.projects.all()}
    order = sorted(projects, key=lambda pid: (-votes[pid], projects[pid].cost, int(pid)))
    result = EnvelopeResult.objects.create(
        envelope=envelope,
        rule=rule,
        threshold=threshold,
        ballots=len(ballots),
        ballot_hash=ballot_hash(ballots),
        spent=sum((projects[pid].cost for pid in winners), start=Decimal("0.00")),
    )
    ProjectResult.objects.bulk_create(
        ProjectResult(
            result=result,
            project=projects[pid],
            votes=votes[pid],
            share=(Decimal(votes[pid]) / base).quantize(Decimal("0.0001")) if base else 0,
            cost=projects[pid].cost,
            won=pid in winners,
            rank=rank,
        )
        for rank, pid in enumerate(order, start=1)
    )
    return result


def publish_results(cycle, by) -> list[EnvelopeResult]:
    """When results open, every envelope is counted once, with the cycle's rule, on the record.

    Runs inline, in the phase change's transaction, so the phase and its results appear
    together; a second call finds the results already there and does nothing.
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if EnvelopeResult.objects.filter(envelope__cycle=cycle).exists():
        return list(EnvelopeResult.objects.filter(envelope__cycle=cycle))
    rule = cycle.tally_rule
    out = []
    for envelope in Envelope.objects.filter(cycle=cycle).select_related("community"):
        envelope.cycle = cycle
        out.append(tally_envelope(envelope, *envelope.rule_and_threshold()))
    won, lost = [], []
    for pr in ProjectResult.objects.filter(result__envelope__cycle=cycle).select_related(
        "project__proposal", "result"
    ):
        proposal = pr.project.proposal
        status = ProposalStatus.WON if pr.won else ProposalStatus.LOST
        reason = f"results: {pr.result.rule}"
        proposal_set_status(proposal=proposal, status=status, by=by, reason=reason)
        (won if pr.won else lost).append(proposal)
    record.log(
        cycle=cycle,
        actor=by,
        action="results_published",
        data={
            "rule": rule,
            "envelopes": [
                {
                    "envelope": r.envelope_id,
                    "rule": r.rule,
                    "threshold": r.threshold,
                    "ballots": r.ballots,
                    "ballot_hash": r.ballot_hash,
                    "spent": str(r.spent),
                    "winners": sorted(p.project_id for p in r.projects.all() if p.won),
                }
                for r in out
            ],
        },
    )
    title = both(cycle, "title")
    for proposal in won:
        notify(
            "proposal_won",
            proposal.authors(),
            {
                "cycle": cycle.pk,
                "cycle_title": title,
                "proposal": proposal.pk,
                "proposal_title": proposal.title,
            },
            subject=f"proposal:{proposal.pk}:won",
        )
    voters = (
        VoterKey.objects.filter(cycle=cycle, user__isnull=False, voted=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    from django.contrib.auth import get_user_model

    notify(
        "results_published",
        get_user_model().objects.filter(pk__in=voters),
        {"cycle": cycle.pk, "cycle_title": title},
        subject=f"cycle:{cycle.pk}:results",
    )
    return out


# --- reading results ---


def require_results(cycle):
    """Results are public once published, and never before: no partial counts during the vote."""
    require(cycle, "view_results")
    if not EnvelopeResult.objects.filter(envelope__cycle=cycle).exists():
        raise PhaseClosed(_("The results are being counted; try again in a minute."))


def results_of(cycle) -> list[EnvelopeResult]:
    require_results(cycle)
    return list(
        EnvelopeResult.objects.filter(envelope__cycle=cycle)
        .select_related("envelope__community")
        .prefetch_related("projects__project")
        .order_by("envelope__community__name_ka", "envelope_id")
    )


def pb_text(cycle, envelope) -> str:
    """The envelope's election as a Pabulib file, with what we funded as `selected`."""
    from . import pabulib

    require_results(cycle)
    result = EnvelopeResult.objects.filter(envelope=envelope).first()
    if result is None:
        raise NotFound(_("This envelope has no results."))
    election = election_of(envelope)
    points = envelope.ballot_kind in POINTS_KINDS
    meta = {
        "description": f"{cycle.title_en or cycle.title_ka}: {envelope.name}",
        "country": "Georgia",
        "unit": cycle.municipality.name_en or cycle.municipality.name_ka,
        "instance": str(cycle.year),
        "district": envelope.community.name_en if envelope.community_id else "",
        "vote_type": VOTE_TYPES.get(envelope.ballot_kind, "approval"),
        "rule": result.rule,
        **({"min_project_score_threshold": str(result.threshold)} if result.threshold else {}),
        "currency": "GEL",
        "language": "ka",
    }
    if not meta["district"]:
        del meta["district"]
    if envelope.ballot_kind == BallotKind.APPROVAL and envelope.max_choices:
        meta["max_length"] = str(envelope.max_choices)
    if envelope.ballot_kind == BallotKind.KNAPSACK:
        meta["max_sum_cost"] = str(envelope.budget)
        if envelope.min_share:
            meta["min_sum_cost"] = str(envelope.min_total().quantize(Decimal("0.01")))
    if envelope.ballot_kind == BallotKind.RANKED:
        meta["max_length"] = str(envelope.rank_length())
    elif points:
        meta["max_sum_points"] = str(envelope.points)
        meta["max_points"] = str(envelope.per_project_cap)
    withhold = len(election.ballots) < settings.RESULTS_MIN_BALLOTS_PUBLISHED
    if withhold:
        meta["comment"] = (
            f"Individual ballots withheld: fewer than {settings.RESULTS_MIN_BALLOTS_PUBLISHED} "
            "ballots in this envelope; the counts are complete."
        )
    won = [str(p.project_id) for p in result.projects.all() if p.won]
    outcome = rules.Outcome(selected=won, cost=result.spent, votes={})
    return pabulib.write(election, meta=meta, outcome=outcome, withhold_votes=withhold)


def compare_rules(cycle) -> list[dict]:
    """What every rule would fund on this cycle's own ballots, per envelope. Greedy with a
    threshold uses the envelope's (or the cycle's) threshold, and is left out without one."""
    require_results(cycle)
    out = []
    for envelope in Envelope.objects.filter(cycle=cycle).select_related("community"):
        envelope.cycle = cycle
        election = election_of(envelope)
        used, _threshold = envelope.rule_and_threshold()
        threshold = envelope.tally_threshold or cycle.tally_threshold
        row = {"envelope": envelope, "rules": []}
        for rule in TallyRule.values:
            if rule == TallyRule.GREEDY_THRESHOLD and not threshold:
                continue
            limit = threshold if rule == TallyRule.GREEDY_THRESHOLD else None
            chosen = selected(election, rule, limit)
            cost = sum((election.projects[p].cost for p in chosen), start=Decimal("0"))
            row["rules"].append(
                {
                    "rule": rule,
                    "words": rule_in_words(rule, limit),
                    "used": rule == used,
                    "selected": set(chosen),
                    "cost": cost,
                }
            )
        row["projects"] = list(envelope.projects.select_related("result").order_by("title"))
        out.append(row)
    return out
