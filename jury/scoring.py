"""The jury's arithmetic, free of the database so it can be checked by hand and by hypothesis.

Scale. A juror's *sheet* for one proposal gives each criterion a value from 0 to its maximum.
The sheet's total is the weighted mean of the values taken as shares of their maxima, on a
0-100 scale: total = 100 * sum(w_c * v_c / max_c) / sum(w_c). A proposal's score is the plain
mean of the totals of the sheets submitted for it (recused and unsubmitted ones do not count).
All of this is exact (`Fraction`), so equal scores really are equal.

Normalization (cycle option). Lenient and strict jurors should weigh the same, so each juror's
totals are turned into z-scores across that juror's own submitted sheets:
z = (total - mean) / population standard deviation. A proposal's normalized score is the mean
of its z-scores. Deviations and the variance are computed exactly before the one float step, so
adding a constant to all of one juror's values changes no z-score at all, not even in the last
bit (the property the tests check).
A juror with zero variance (every sheet totals the same, or only one sheet) expresses no
preference between proposals: each of their sheets gets z = 0. Their sheets still count in
the number of jurors, and pull a proposal's normalized score toward 0 like a neutral opinion.

Order and ties. Proposals are ranked by the normalized score when the cycle normalizes, else by
the score, best first; proposals nobody scored come last, unranked. Equal keys are ties: they
are listed (`tied_with`) and broken by the lower cost (more of the budget left for others),
then by the lower proposal id (submitted earlier). Normalized keys are compared after rounding
to 9 decimals so float noise does not decide a tie.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

TIE_DIGITS = 9


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: Decimal | Fraction | int
    max_score: int


@dataclass(frozen=True)
class Sheet:
    """The submitted values of one juror for one proposal: {criterion id: value}."""

    juror: int
    proposal: int
    values: Mapping[int, int]


@dataclass
class Row:
    proposal: int
    cost: Decimal
    score: Fraction | None = None
    normalized: float | None = None
    jurors: int = 0
    criteria: dict[int, Fraction] = field(default_factory=dict)
    rank: int | None = None
    tied_with: list[int] = field(default_factory=list)

    @property
    def key(self):
        """What the ranking sorts on (None: not scored)."""
        return self.normalized if self.normalized is not None else self.score


def sheet_total(values: Mapping[int, int], criteria: Sequence[CriterionSpec]) -> Fraction:
    """Weighted mean of the values as shares of their maxima, 0-100."""
    weights = sum(Fraction(c.weight) for c in criteria)
    if not weights:
        return Fraction(0)
    part = sum(Fraction(c.weight) * Fraction(values.get(c.id, 0), c.max_score) for c in criteria)
    return 100 * part / weights


def z_scores(totals: Mapping[int, Fraction]) -> dict[int, float]:
    """z-score of each total across one juror's sheets; all 0 when the juror has no spread."""
    if not totals:
        return {}
    mean = sum(totals.values(), Fraction(0)) / len(totals)
    deviations = {k: v - mean for k, v in totals.items()}
    variance = sum((d * d for d in deviations.values()), Fraction(0)) / len(totals)
    if variance == 0:
        return dict.fromkeys(totals, 0.0)
    std = math.sqrt(variance)
    return {k: float(d) / std for k, d in deviations.items()}


def aggregate(
    sheets: Iterable[Sheet],
    criteria: Sequence[CriterionSpec],
    costs: Mapping[int, Decimal],
    *,
    normalize: bool = False,
) -> list[Row]:
    """Every proposal in `costs`, scored from the submitted sheets and ranked (see module doc)."""
    sheets = list(sheets)
    rows = {pid: Row(proposal=pid, cost=Decimal(cost)) for pid, cost in costs.items()}
    by_juror: dict[int, dict[int, Fraction]] = defaultdict(dict)
    by_proposal: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        if sheet.proposal not in rows:
            continue
        by_juror[sheet.juror][sheet.proposal] = sheet_total(sheet.values, criteria)
        by_proposal[sheet.proposal].append(sheet)

    z_by_proposal: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if normalize:
        for juror, totals in by_juror.items():
            for pid, z in z_scores(totals).items():
                z_by_proposal[pid].append((juror, z))

    for pid, own in by_proposal.items():
        row = rows[pid]
        row.jurors = len(own)
        row.score = sum((by_juror[s.juror][pid] for s in own), Fraction(0)) / len(own)
        row.criteria = {
            c.id: Fraction(sum(s.values.get(c.id, 0) for s in own), len(own)) for c in criteria
        }
        if normalize:
            zs = [z for _, z in sorted(z_by_proposal[pid])]  # fixed order: same float sum
            row.normalized = math.fsum(zs) / len(zs)
    return rank(list(rows.values()))


def _tie_key(row: Row):
    if row.normalized is not None:
        return round(row.normalized, TIE_DIGITS)
    return row.score


def rank(rows: list[Row]) -> list[Row]:
    """Sort best first, number the scored rows 1..n and list each row's ties."""
    scored = [r for r in rows if r.key is not None]
    unscored = sorted((r for r in rows if r.key is None), key=lambda r: (r.cost, r.proposal))
    scored.sort(key=lambda r: (-_tie_key(r), r.cost, r.proposal))
    groups: dict[object, list[int]] = defaultdict(list)
    for r in scored:
        groups[_tie_key(r)].append(r.proposal)
    for i, r in enumerate(scored, start=1):
        r.rank = i
        r.tied_with = [p for p in groups[_tie_key(r)] if p != r.proposal]
    for r in unscored:
        r.rank, r.tied_with = None, []
    return scored + unscored


def default_shortlist(rows: Sequence[Row], size: int, min_score=None) -> list[int]:
    """The best ranked proposals, at most `size`, each with a score of at least `min_score`
    (the 0-100 score, also when ranking by normalized scores: a threshold a reader can check)."""
    out = []
    for r in rows:
        if r.rank is None or len(out) >= size:
            break
        if min_score is not None and r.score < Fraction(Decimal(min_score)):
            break
        out.append(r.proposal)
    return out


def allocate(
    proposals: Sequence[tuple[int, Iterable[int]]],
    jurors: Sequence[int],
    k: int | None,
    load: Mapping[int, int] | None = None,
) -> list[tuple[int, int]]:
    """[(proposal, juror)]: each proposal to every juror, or to the k least-loaded ones.

    `proposals` is [(proposal id, juror ids who may not score it)], taken in id order; ties in
    load go to the lower juror id, so the same input always gives the same assignment and loads
    differ by at most one wherever exclusions allow.
    """
    load = defaultdict(int, load or {})
    out = []
    for pid, excluded in sorted(proposals, key=lambda p: p[0]):
        excluded = set(excluded)
        eligible = [j for j in sorted(jurors) if j not in excluded]
        if k is not None:
            eligible = sorted(eligible, key=lambda j: (load[j], j))[:k]
        for j in sorted(eligible):
            load[j] += 1
            out.append((pid, j))
    return out


def pick_replacement(candidates: Iterable[int], load: Mapping[int, int]) -> int | None:
    """The least-loaded candidate (lowest id on a tie), or None."""
    candidates = sorted(candidates, key=lambda j: (load.get(j, 0), j))
    return candidates[0] if candidates else None
