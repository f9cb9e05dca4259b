"""Tally rules for participatory budgeting, as pure functions over plain data (no Django here).

Rules, named as Pabulib's META `rule` names them (see `tally`):

- `greedy`: projects by votes (points for cumulative ballots), most first; take each one that
  still fits in what is left of the budget, skip those that do not.
- `greedy-no-skip`: the same, but stop at the first project that does not fit.
- `greedy-threshold`: `greedy` over the projects with at least `min_project_score_threshold`
  votes (points for cumulative ballots).
- `equalshares`: the Method of Equal Shares with cost utilities. Every voter gets an equal share
  of the budget; a project's cost is split as equally as possible among its supporters (a
  supporter who cannot pay the equal share pays all they have left). Each round funds the project
  whose supporters pay least per unit of cost (the highest "effective vote count"); a project its
  supporters can no longer afford drops out. Cumulative ballots count as the set of projects they
  give points to. A project costing nothing is never funded by the method itself (only by a
  greedy completion), as in pabulib-checker and the equalshares.net reference code.
- `/add1` completion, as the cities ran it (and pabulib-checker checks it): start from the plain
  outcome, then give every voter floor(budget / voters) plus one currency unit, plus two, ...,
  rerunning the method each time, and keep the last outcome whose total cost is still within
  the real budget. (pabutools stops earlier, at the first outcome nothing more fits beside.)
  If every project anyone voted for fits in the budget, raising never overspends: all are funded.
- `-comparison`: then compute `greedy` and switch to it only if strictly more voters prefer it,
  a voter preferring the outcome that funds more of the projects they voted for.

Ties are decided exactly and deterministically:

- greedy: more votes first, then the lower cost, then the smaller project id (ids compared with
  `<`: numbers numerically, Pabulib's string ids as strings). A project nobody voted for is never
  funded.
- equal shares: equal effective vote counts go to the lower cost, then to more supporters, then
  to the smaller project id.

Money is turned into integers (cents or whatever the smallest decimal place is), so greedy is
exact; equal shares is exact on ties too (see `equal_shares.py`).

The engine in modules by meaning: `profile` (the election as plain data and in integers),
`greedy`, `equal_shares`.
"""

from __future__ import annotations

from functools import partial

from .equal_shares import _equal_shares_exact, _EqualShares, equal_shares
from .greedy import greedy, greedy_no_skip, greedy_threshold
from .profile import Ballot, Election, Outcome, Project, ProjectId, _Profile

__all__ = [
    "RULES",
    "Ballot",
    "Election",
    "Outcome",
    "Project",
    "ProjectId",
    "equal_shares",
    "greedy",
    "greedy_no_skip",
    "greedy_threshold",
    "tally",
    # the engine's internals, for its tests and bench/tally.py
    "_EqualShares",
    "_Profile",
    "_equal_shares_exact",
]


def tally(election: Election, rule: str, **options) -> Outcome:
    """Run the rule Pabulib calls `rule` (e.g. "greedy", "equalshares/add1")."""
    if rule not in RULES:
        raise ValueError(f"unknown tally rule {rule!r}; known: {', '.join(RULES)}")
    return RULES[rule](election, **options)


RULES = {
    "greedy": greedy,
    "greedy-no-skip": greedy_no_skip,
    "greedy-threshold": greedy_threshold,
    "equalshares": equal_shares,
    "equalshares-comparison": partial(equal_shares, comparison=True),
    "equalshares/add1": partial(equal_shares, completion="add1"),
    "equalshares/add1-comparison": partial(equal_shares, completion="add1", comparison=True),
}
