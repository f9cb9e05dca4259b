"""The jury's arithmetic (jury/scoring.py), checked by hand and by hypothesis, without the DB."""

import math
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jury.scoring import (
    CriterionSpec,
    Sheet,
    aggregate,
    allocate,
    default_shortlist,
    pick_replacement,
    sheet_total,
    z_scores,
)

ONE = [CriterionSpec(1, 1, 10)]
COSTS = {1: Decimal("10000"), 2: Decimal("10000"), 3: Decimal("10000")}


def ranking_order(rows):
    """The ranked proposals, best first (unscored ones have no rank)."""
    return [r.proposal for r in rows if r.rank is not None]


def sheets(juror, values):
    return [Sheet(juror, pid, {1: v}) for pid, v in values.items()]


def test_sheet_total_is_the_weighted_mean_of_shares_of_the_maxima():
    crit = [CriterionSpec(1, 2, 10), CriterionSpec(2, 1, 5)]
    # 100 * (2 * 8/10 + 1 * 4/5) / 3 = 80
    assert sheet_total({1: 8, 2: 4}, crit) == 80
    # 100 * (2 * 5/10 + 0) / 3 = 100/3
    assert sheet_total({1: 5, 2: 0}, crit) == Fraction(100, 3)


def test_scores_are_the_mean_of_the_jurors_totals_and_criteria_averages_are_raw():
    rows = aggregate(sheets(1, {1: 10, 2: 6, 3: 2}) + sheets(2, {1: 0, 2: 2, 3: 1}), ONE, COSTS)
    by = {r.proposal: r for r in rows}
    assert (by[1].score, by[2].score, by[3].score) == (50, 40, 15)
    assert by[2].criteria == {1: 4}
    assert ranking_order(rows) == [1, 2, 3]
    assert [r.rank for r in rows] == [1, 2, 3]


def test_normalization_against_a_hand_computed_example():
    # Juror 1 is lenient and spreads widely: totals 100, 60, 20 -> z = +sqrt(3/2), 0, -sqrt(3/2)
    # Juror 2 is strict and narrow: totals 0, 20, 10 -> z = -sqrt(3/2), +sqrt(3/2), 0
    # Raw means: 50, 40, 15 (juror 1 decides). Normalized: 0, +0.61237, -0.61237 (both count).
    rows = aggregate(
        sheets(1, {1: 10, 2: 6, 3: 2}) + sheets(2, {1: 0, 2: 2, 3: 1}),
        ONE,
        COSTS,
        normalize=True,
    )
    by = {r.proposal: r for r in rows}
    half = math.sqrt(1.5) / 2
    assert math.isclose(by[1].normalized, 0.0, abs_tol=1e-12)
    assert math.isclose(by[2].normalized, half, rel_tol=1e-12)
    assert math.isclose(by[3].normalized, -half, rel_tol=1e-12)
    assert round(half, 5) == 0.61237
    assert ranking_order(rows) == [2, 1, 3]
    assert by[1].score == 50  # the raw score is still reported beside it


def test_z_scores_of_one_juror():
    z = z_scores({1: Fraction(100), 2: Fraction(60), 3: Fraction(20)})
    assert math.isclose(z[1], math.sqrt(1.5)) and z[2] == 0 and math.isclose(z[3], -math.sqrt(1.5))


def test_a_juror_with_zero_variance_counts_as_neutral():
    assert z_scores({1: Fraction(70), 2: Fraction(70)}) == {1: 0.0, 2: 0.0}
    assert z_scores({5: Fraction(42)}) == {5: 0.0}
    rows = aggregate(
        sheets(1, {1: 7, 2: 7, 3: 7}) + sheets(2, {1: 2, 2: 6, 3: 4}), ONE, COSTS, normalize=True
    )
    by = {r.proposal: r for r in rows}
    # juror 1 adds 0 to each proposal; juror 2's z-scores are halved by the mean over 2 jurors
    assert math.isclose(by[2].normalized, math.sqrt(1.5) / 2)
    assert by[1].jurors == 2


def test_ties_are_listed_and_broken_by_cost_then_id():
    costs = {1: Decimal("9000"), 2: Decimal("5000"), 3: Decimal("5000"), 4: Decimal("1")}
    rows = aggregate(sheets(1, {1: 8, 2: 8, 3: 8, 4: 3}), ONE, costs)
    assert ranking_order(rows) == [2, 3, 1, 4]
    by = {r.proposal: r for r in rows}
    assert sorted(by[1].tied_with) == [2, 3]
    assert by[4].tied_with == []


def test_unscored_proposals_come_last_unranked():
    rows = aggregate(sheets(1, {2: 5}), ONE, COSTS)
    assert [r.proposal for r in rows][0] == 2
    assert {r.proposal: r.rank for r in rows} == {2: 1, 1: None, 3: None}


def test_default_shortlist_takes_the_best_up_to_the_size_and_threshold():
    rows = aggregate(sheets(1, {1: 9, 2: 7, 3: 4}), ONE, COSTS)
    assert default_shortlist(rows, 2) == [1, 2]
    assert default_shortlist(rows, 10) == [1, 2, 3]
    assert default_shortlist(rows, 10, min_score=Decimal("70")) == [1, 2]
    assert default_shortlist(rows, 10, min_score=Decimal("95")) == []


def test_allocation_to_k_jurors_is_balanced_and_deterministic():
    proposals = [(p, ()) for p in range(1, 7)]
    pairs = allocate(proposals, [10, 11, 12], 2)
    assert pairs == allocate(list(reversed(proposals)), [12, 10, 11], 2)
    per_proposal = Counter(p for p, _ in pairs)
    assert set(per_proposal.values()) == {2}
    assert set(Counter(j for _, j in pairs).values()) == {4}
    assert len(set(pairs)) == len(pairs)


def test_allocation_never_gives_authors_their_own_proposal():
    pairs = allocate([(1, {10}), (2, ()), (3, {11, 12})], [10, 11, 12], None)
    assert (1, 10) not in pairs and (3, 11) not in pairs and (3, 12) not in pairs
    assert len(pairs) == 2 + 3 + 1


def test_replacement_is_the_least_loaded_candidate():
    assert pick_replacement([3, 4, 5], {3: 2, 4: 1, 5: 1}) == 4
    assert pick_replacement([], {}) is None


@st.composite
def reviews(draw):
    n_crit = draw(st.integers(1, 3))
    criteria = [
        CriterionSpec(i, draw(st.integers(1, 5)), draw(st.integers(1, 10))) for i in range(n_crit)
    ]
    n_prop = draw(st.integers(2, 6))
    costs = {p: Decimal(draw(st.integers(1, 5)) * 1000) for p in range(1, n_prop + 1)}
    out = []
    for juror in range(1, draw(st.integers(2, 4)) + 1):
        scored = draw(st.sets(st.sampled_from(sorted(costs)), min_size=1))
        for p in sorted(scored):
            values = {c.id: draw(st.integers(0, c.max_score)) for c in criteria}
            out.append(Sheet(juror, p, values))
    return criteria, costs, out


@settings(max_examples=200, deadline=None)
@given(reviews(), st.integers(-20, 20), st.integers(1, 4))
def test_normalized_ranking_is_invariant_to_a_constant_added_to_one_jurors_scores(
    review, constant, juror
):
    criteria, costs, sheets_ = review
    shifted = [
        Sheet(s.juror, s.proposal, {k: v + constant for k, v in s.values.items()})
        if s.juror == juror
        else s
        for s in sheets_
    ]
    before = aggregate(sheets_, criteria, costs, normalize=True)
    after = aggregate(shifted, criteria, costs, normalize=True)
    assert ranking_order(before) == ranking_order(after)
    assert [r.normalized for r in before] == [r.normalized for r in after]
