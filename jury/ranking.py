"""The jury's ranking as people see it: live from the submitted sheets during review, frozen
once the shortlist is published; who may see which (`ranking_for`); and the plain data the API
and the pages show (`present`). The arithmetic is `scoring.py`'s."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cycles.phases import allows
from cycles.services import has_role
from proposals.models import IN_REVIEW, Proposal

from . import scoring
from .models import AssignmentStatus, Criterion, Juror, Score, Shortlist, ShortlistReason

CENT = Decimal("0.01")


def to_decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass
class Ranking:
    cycle: object
    criteria: list
    proposals: dict
    rows: list = field(default_factory=list)
    shortlist: Shortlist | None = None
    entries: dict = field(default_factory=dict)
    default: list = field(default_factory=list)
    jurors: list = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.shortlist is not None


def live_ranking(cycle) -> Ranking:
    """Aggregate the submitted sheets of the proposals in review (see scoring.py for the rules)."""
    criteria = list(Criterion.objects.filter(cycle=cycle))
    proposals = {
        p.pk: p
        for p in Proposal.objects.filter(cycle=cycle, status=IN_REVIEW)
        .select_related("community")
        .order_by("id")
    }
    values: dict[tuple[int, int, int], dict[int, int]] = {}
    for aid, jid, pid, cid, value in Score.objects.filter(
        assignment__juror__cycle=cycle,
        assignment__status=AssignmentStatus.SUBMITTED,
        assignment__proposal_id__in=list(proposals),
    ).values_list(
        "assignment_id", "assignment__juror_id", "assignment__proposal_id", "criterion_id", "value"
    ):
        values.setdefault((aid, jid, pid), {})[cid] = value
    sheets = [scoring.Sheet(juror=j, proposal=p, values=v) for (_a, j, p), v in values.items()]
    specs = [scoring.CriterionSpec(c.pk, c.weight, c.max_score) for c in criteria]
    rows = scoring.aggregate(
        sheets,
        specs,
        {pid: p.final_cost for pid, p in proposals.items()},
        normalize=cycle.normalize_scores,
    )
    ranking = Ranking(cycle=cycle, criteria=criteria, proposals=proposals, rows=rows)
    ranking.default = scoring.default_shortlist(rows, cycle.shortlist_size)
    return ranking


def published_ranking(cycle, shortlist) -> Ranking:
    """The ranking as it was published (frozen rows), with the jurors' names (public)."""
    entries = list(
        shortlist.entries.select_related("proposal", "proposal__community").order_by(
            F("rank").asc(nulls_last=True), "proposal_id"
        )
    )
    ranking = Ranking(
        cycle=cycle,
        criteria=list(Criterion.objects.filter(cycle=cycle)),
        proposals={e.proposal_id: e.proposal for e in entries},
        shortlist=shortlist,
        entries={e.proposal_id: e for e in entries},
    )
    ranking.jurors = list(
        Juror.objects.filter(cycle=cycle).select_related("user").order_by("-is_chair", "id")
    )
    return ranking


def is_published(cycle) -> bool:
    """Whether the shortlist is out: the review is over, its ranking public, every score final."""
    return Shortlist.objects.filter(cycle=cycle).exists()


def ranking_for(cycle, user) -> Ranking | None:
    """Who sees what: everyone after publication; organizers during review; jurors after it."""
    shortlist = Shortlist.objects.filter(cycle=cycle).first()
    if shortlist is not None:
        return published_ranking(cycle, shortlist)
    if has_role(user, cycle, "organizer"):
        return live_ranking(cycle)
    if allows(cycle.phase, "view_jury_ranking") and has_role(user, cycle, "juror"):
        return live_ranking(cycle)
    return None


def _tie_note(row_id, tied_with, titles) -> str:
    if not tied_with:
        return ""
    return _(
        "Equal score with: %(others)s. Ties are ordered by the lower cost, then by the earlier "
        "proposal."
    ) % {"others": "; ".join(f"#{p} {titles.get(p, '')}".strip() for p in tied_with)}


def present(ranking: Ranking) -> dict:
    """The ranking as plain data, for the API and the pages alike."""
    titles = {pid: p.title for pid, p in ranking.proposals.items()}
    rows = []
    lang = (get_language() or "ka")[:2]
    if ranking.published:
        for pid, e in ranking.entries.items():
            p = ranking.proposals[pid]
            crit = [
                {
                    "criterion": c["criterion"],
                    "name": (c.get("name_en") if lang == "en" else "") or c.get("name_ka", ""),
                    "average": Decimal(c["average"]),
                    "max_score": c["max_score"],
                }
                for c in e.criteria
            ]
            rows.append(
                _row(p, e.rank, e.score, e.normalized, e.jurors, crit, e.tied_with, titles)
                | {
                    "shortlisted": e.shortlisted,
                    "shortlist_reason": e.reason,
                    "shortlist_reason_label": str(ShortlistReason(e.reason).label),
                }
            )
    else:
        names = {c.pk: c for c in ranking.criteria}
        for r in ranking.rows:
            crit = [
                {
                    "criterion": cid,
                    "name": names[cid].name,
                    "average": to_decimal(avg),
                    "max_score": names[cid].max_score,
                }
                for cid, avg in r.criteria.items()
            ]
            rows.append(
                _row(
                    ranking.proposals[r.proposal],
                    r.rank,
                    to_decimal(r.score),
                    r.normalized,
                    r.jurors,
                    crit,
                    r.tied_with,
                    titles,
                )
                | {"shortlisted": None, "shortlist_reason": "", "shortlist_reason_label": ""}
            )
    sl = ranking.shortlist
    return {
        "cycle": ranking.cycle.pk,
        "published": ranking.published,
        "published_at": sl.published_at if sl else None,
        "normalized": sl.normalized if sl else ranking.cycle.normalize_scores,
        "shortlist_size": sl.size if sl else ranking.cycle.shortlist_size,
        "min_score": sl.min_score if sl else None,
        "justification": sl.justification if sl else "",
        "default_shortlist": [] if sl else ranking.default,
        "jurors": [{"name": j.user.name, "is_chair": j.is_chair} for j in ranking.jurors],
        "rows": rows,
    }


def _row(p, rank, score, normalized, jurors, criteria, tied_with, titles) -> dict:
    return {
        "proposal": p.pk,
        "title": p.title,
        "community": p.community.name if p.community_id else "",
        "cost": p.final_cost,
        "rank": rank,
        "score": score,
        "normalized": round(normalized, 4) if normalized is not None else None,
        "jurors": jurors,
        "criteria": criteria,
        "tied_with": list(tied_with),
        "tie_note": _tie_note(p.pk, tied_with, titles),
    }
