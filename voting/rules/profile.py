"""The election as plain data (no Django here), and in integers for the rules to count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import chain

import numpy as np

ProjectId = Hashable
Ballot = frozenset | Mapping  # approved ids, or id -> points for cumulative ballots


@dataclass(frozen=True)
class Project:
    cost: Decimal | int
    name: str = ""


@dataclass
class Election:
    budget: Decimal | int
    projects: dict[ProjectId, Project]
    ballots: list[Ballot] = field(default_factory=list)


@dataclass
class Outcome:
    selected: list[ProjectId]  # in the order the rule funded them
    cost: Decimal
    votes: dict[ProjectId, int]  # per project: approvals, or points for cumulative ballots


class _Profile:
    """The election in integers: project indices, costs in the smallest money unit used."""

    def __init__(self, election: Election):
        self.ids = list(election.projects)
        costs = [p.cost for p in election.projects.values()]
        # A float is read as the decimal it prints as (0.1, not 0.1000000000000000055...).
        amounts = [
            Decimal(str(a) if isinstance(a, float) else a) for a in [election.budget, *costs]
        ]
        if any(not a.is_finite() or a < 0 for a in amounts):
            raise ValueError("budget and costs must be non-negative numbers")
        places = max(0, *(-a.as_tuple().exponent for a in amounts))
        self.unit = 10**places  # one currency unit, in the integers used below
        self.budget = int(amounts[0] * self.unit)
        self.cost = [int(a * self.unit) for a in amounts[1:]]
        self.ballots = election.ballots
        counts = Counter(chain.from_iterable(election.ballots))
        if unknown := counts.keys() - election.projects.keys():
            raise ValueError(f"ballots name unknown projects: {sorted(map(str, unknown))[:5]}")
        self.approvals = [counts[pid] for pid in self.ids]
        self.votes = self.approvals
        if any(isinstance(ballot, Mapping) for ballot in election.ballots):
            points = Counter()
            for ballot in election.ballots:
                points.update(ballot)
            self.votes = [points[pid] for pid in self.ids]

    @cached_property
    def approval_list(self) -> tuple[np.ndarray, np.ndarray]:
        """Every approval as (project index, voter index), the voters in order."""
        index = {pid: i for i, pid in enumerate(self.ids)}
        lengths = np.fromiter(map(len, self.ballots), dtype=np.intp, count=len(self.ballots))
        flat = chain.from_iterable(self.ballots)
        projects = np.fromiter(map(index.__getitem__, flat), dtype=np.intp, count=lengths.sum())
        return projects, np.repeat(np.arange(len(self.ballots)), lengths)

    @cached_property
    def supporters(self) -> list[np.ndarray]:
        projects, voters = self.approval_list
        by_project = voters[np.argsort(projects, kind="stable")]
        return np.split(by_project, np.cumsum(self.approvals)[:-1])

    def outcome(self, chosen: list[int]) -> Outcome:
        total = Decimal(sum(self.cost[i] for i in chosen)) / self.unit
        return Outcome(
            selected=[self.ids[i] for i in chosen],
            cost=total,
            votes={pid: self.votes[i] for i, pid in enumerate(self.ids)},
        )
