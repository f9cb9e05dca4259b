"""The Method of Equal Shares with cost utilities, its add1 completion and comparison.

Money is in integers (`profile._Profile`). Equal shares computes in floats but carries a proven
error bound beside every voter's budget (each operation adds its rounding; a voter who surely spent
everything is exactly zero): a choice is taken from floats only when the bounds show no other
choice is possible. A tie is decided exactly when every payer pays the same share (those out of
money paying nothing), as the price is then 1 / the number of payers; any other close call reruns
that budget with fractions (`_equal_shares_exact`), which is also the reference the fast path is
tested against. The add1 loop needs hundreds or thousands of reruns (1,619 on Toulouse 2022), so
`_EqualShares` runs a batch of per-voter budgets at once with numpy, one column each: neighbouring
budgets mostly look at the same projects in the same rounds, so one look prices a project for every
column, and each column then funds its own choice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

import numpy as np

from .greedy import _greedy
from .profile import Election, Outcome, _Profile


def equal_shares(
    election: Election,
    *,
    completion: str | None = None,
    then_greedy: bool = False,
    comparison: bool = False,
) -> Outcome:
    if completion not in (None, "add1"):
        raise ValueError(f"unknown completion {completion!r}")
    profile = _Profile(election)
    if not profile.ballots:
        return profile.outcome([])
    engine = _EqualShares(profile)
    plain = engine.outcomes([Fraction(profile.budget, len(profile.ballots))])[0]
    chosen = _add1(profile, engine, plain) if completion == "add1" else plain
    if then_greedy:
        chosen = _greedy(profile, already=chosen)
    if comparison:
        chosen = _compare_with_greedy(profile, chosen)
    return profile.outcome(chosen)


def _add1(profile, engine, plain: list[int]) -> list[int]:
    voters, unit, cost = len(profile.ballots), profile.unit, profile.cost
    eligible = engine.eligible
    if sum(cost[i] for i in eligible) <= profile.budget:
        # Every outcome fits, so raising never stops; its limit funds every eligible project.
        return engine.outcomes([sum(cost[i] for i in eligible)])[0]
    per_voter = profile.budget // (voters * unit) * unit
    # Batches grow, as most elections need hundreds of raises; what is computed past the end
    # is thrown away.
    outcome, batch = plain, 32
    while True:
        budgets = [per_voter + unit * (k + 1) for k in range(batch)]
        for result in engine.outcomes(budgets):
            if sum(cost[i] for i in result) > profile.budget:
                return outcome
            outcome = result
        per_voter = budgets[-1]
        batch = min(batch * 2, engine.max_rows)


def _compare_with_greedy(profile, chosen: list[int]) -> list[int]:
    other = _greedy(profile)
    projects, voters = profile.approval_list
    n = len(profile.ballots)
    ours = np.bincount(voters, weights=np.isin(projects, chosen), minlength=n)
    theirs = np.bincount(voters, weights=np.isin(projects, other), minlength=n)
    return other if (theirs > ours).sum() > (ours > theirs).sum() else chosen


def _tie_key(profile, i):
    return (profile.cost[i], -profile.approvals[i], profile.ids[i])


def _equal_shares_exact(profile, per_voter: Fraction | int) -> list[int]:
    """Equal shares in fractions: the reference, and the fallback for close calls."""
    cost = profile.cost
    supporters = [s.tolist() for s in profile.supporters]
    budget = [Fraction(per_voter)] * len(profile.ballots)
    # A lower bound on each project's price per unit of cost; prices only rise.
    price_floor = {i: Fraction(1, len(s)) for i, s in enumerate(supporters) if s and cost[i] > 0}
    chosen: list[int] = []
    while price_floor:
        best = None
        for i in sorted(price_floor, key=price_floor.get):
            if best is not None and price_floor[i] > best[0]:
                break
            share = _exact_share(cost[i], [budget[v] for v in supporters[i]])
            if share is None:
                del price_floor[i]
                continue
            price_floor[i] = share / cost[i]
            key = (price_floor[i], _tie_key(profile, i), i, share)
            best = key if best is None or key[:2] < best[:2] else best
        if best is None:
            break
        winner, share = best[2], best[3]
        for v in supporters[winner]:
            budget[v] = max(budget[v] - share, 0)
        chosen.append(winner)
        del price_floor[winner]
    return chosen


def _exact_share(cost: int, budgets: list[Fraction]) -> Fraction | None:
    """The most any supporter pays (those with less pay all they have), or None if unaffordable."""
    groups = sorted(Counter(budgets).items())
    if sum(b * k for b, k in groups) < cost:
        return None
    paid, payers = Fraction(0), len(budgets)
    for b, k in groups:
        share = (cost - paid) / payers
        if share <= b:
            return share
        paid += b * k
        payers -= k
    raise AssertionError("affordable project without a share")


_U = 2.0**-53  # the relative rounding error of one float operation


@dataclass
class _Batch:
    """One column per per-voter budget tried; each column funds its own projects."""

    money: np.ndarray  # voters x columns: what each voter has left
    error: np.ndarray  # voters x columns: proven bound on |money - exact money|
    alive: np.ndarray  # projects x columns: still affordable and not funded
    floor: np.ndarray  # projects x columns: lower bound of the price (prices only rise)
    share: np.ndarray  # projects x columns: the most a supporter pays, at the last look
    share_err: np.ndarray
    price: np.ndarray  # share / cost: what supporters pay per unit of cost
    price_err: np.ndarray
    exact: np.ndarray  # the price is exactly 1 / paying supporters (the rest have nothing)
    stale: np.ndarray  # projects x columns: a supporter has paid since the last look
    funded: np.ndarray  # columns x projects: the funded projects, in order
    rounds: np.ndarray  # columns: how many funded so far
    state: np.ndarray  # columns: _GOING, _DONE or _UNSURE (to be rerun in fractions)


_GOING, _DONE, _UNSURE = 0, 1, 2


class _EqualShares:
    """Equal shares with cost utilities for many per-voter budgets at once."""

    def __init__(self, profile: _Profile):
        self.profile = profile
        voters, n = len(profile.ballots), len(profile.ids)
        # Wider batches share more work but cost memory, and overshoot the end of add1 more.
        self.max_rows = max(1, min(256, 4_000_000 // max(voters, 1)))
        self.members = profile.supporters
        self.cost = np.array(profile.cost, dtype=float)
        self.eligible = [i for i in range(n) if profile.cost[i] > 0 and profile.approvals[i]]
        self.rank = np.full(n, n)
        self.rank[sorted(self.eligible, key=partial(_tie_key, profile))] = np.arange(
            len(self.eligible)
        )
        incidence = np.zeros((voters, n), dtype=bool)
        projects, voter_of = profile.approval_list
        incidence[voter_of, projects] = True
        # Paying for a project changes the prices of the projects its supporters also back.
        self.neighbours = [np.flatnonzero(incidence[m].any(axis=0)) for m in self.members]
        # Floats hold integers exactly below 2**53; beyond that only fractions are safe.
        self.floats_safe = max(profile.cost, default=0) < 2**50
        self.exact_reruns = 0

    def outcomes(self, budgets: list) -> list[list[int]]:
        results: list = []
        for start in range(0, len(budgets), self.max_rows):
            chunk = budgets[start : start + self.max_rows]
            results += self._run(chunk) if self.floats_safe else [None] * len(chunk)
        for k, result in enumerate(results):
            if result is None:
                self.exact_reruns += 1
                results[k] = _equal_shares_exact(self.profile, budgets[k])
        return results

    def _run(self, budgets: list) -> list:
        width, voters, n = len(budgets), len(self.profile.ballots), len(self.profile.ids)
        money = np.array([float(b) for b in budgets])
        error = np.array([0.0 if float(b) == b else 2 * _U * float(b) for b in budgets])
        alive = np.zeros((n, width), dtype=bool)
        alive[self.eligible] = True
        counts = np.array(self.profile.approvals, dtype=float)[:, None]
        with np.errstate(all="ignore"):
            batch = _Batch(
                money=np.repeat(money[None, :], voters, axis=0),
                error=np.repeat(error[None, :], voters, axis=0),
                alive=alive,
                floor=np.repeat(1 / counts, width, axis=1),
                **{k: np.zeros((n, width)) for k in ("share", "share_err", "price", "price_err")},
                exact=np.zeros((n, width), dtype=bool),
                stale=np.ones((n, width), dtype=bool),
                funded=np.zeros((width, n), dtype=np.intp),
                rounds=np.zeros(width, dtype=np.intp),
                state=np.full(width, _GOING),
            )
            while (batch.state == _GOING).any():
                self._round(batch)
        return [
            batch.funded[k, : batch.rounds[k]].tolist() if batch.state[k] == _DONE else None
            for k in range(width)
        ]

    def _round(self, batch: _Batch) -> None:
        """Every column still going funds its next project, or finds it has none left."""
        going = batch.state == _GOING
        floor = np.where(batch.alive & going, batch.floor, np.inf).min(axis=1)
        best = np.where(going, np.inf, -np.inf)  # per column: least upper bound of a price
        seen = []
        for c in np.argsort(floor, kind="stable"):
            # Stop once no column can find a lower price among the projects left.
            if floor[c] == np.inf or floor[c] > best.max():
                break
            going = batch.state == _GOING
            look = batch.alive[c] & batch.stale[c] & going
            if look.any():
                self._look(batch, c, look)
                batch.stale[c, look] = False
                going = batch.state == _GOING
                best[~going] = -np.inf
            seen.append(c)
            ceiling = np.where(batch.alive[c] & going, batch.price[c] + batch.price_err[c], np.inf)
            np.minimum(best, ceiling, out=best)
        going = batch.state == _GOING
        if not seen:
            batch.state[going] = _DONE
            return
        cols = np.array(seen, dtype=np.intp)
        live = batch.alive[cols] & going
        price = np.where(live, batch.price[cols], np.inf)
        err = np.where(live, batch.price_err[cols], 0.0)
        contender = live & (price - err <= (price + err).min(axis=0))
        contenders = contender.sum(axis=0)
        batch.state[going & (contenders == 0)] = _DONE
        # Close calls are true ties only between exact prices (as many paying supporters);
        # among those the tie-break order decides, anything else is rerun in fractions.
        batch.state[(contender & ~batch.exact[cols]).any(axis=0) & (contenders > 1)] = _UNSURE
        lowest = contender & (price == np.where(contender, price, np.inf).min(axis=0))
        ranked = np.where(lowest, self.rank[cols][:, None], len(self.rank))
        choice = np.where(batch.state == _GOING, cols[ranked.argmin(axis=0)], -1)
        for p in np.unique(choice[choice >= 0]):
            self._fund(batch, int(p), choice == p)

    def _look(self, batch: _Batch, c: int, which: np.ndarray) -> None:
        """Price project c again in the columns marked in `which`."""
        members, cost = self.members[c], self.cost[c]
        m = members.size
        if which.all():
            money, err = batch.money[members], batch.error[members]
        else:
            at = np.ix_(members, np.flatnonzero(which))
            money, err = batch.money[at], batch.error[at]
        emax = err.max(axis=0)
        total = money.sum(axis=0)
        slack = m * emax + (m + 2) * _U * total
        gone = total + slack < cost
        close = ~gone & (total - slack < cost)
        # Raise the share until those below it pay all they have and the rest cover the cost.
        share = np.full(total.size, cost / m)
        below = money < share
        capped = below.sum(axis=0)
        paid = np.zeros(total.size)
        for _ in range(m + 1):
            if not capped.any():
                break
            paid = np.where(below, money, 0.0).sum(axis=0)
            share = (cost - paid) / (m - capped)
            below = money < share
            now = below.sum(axis=0)
            if np.array_equal(now, capped):
                break
            capped = now
        err_capped = np.where(below, err, 0.0).sum(axis=0) if capped.any() else paid
        share_err = (err_capped + (m + 3) * _U * (cost + paid)) / (m - capped) + 4 * _U * share
        band = share_err + emax + 4 * _U * share
        certain = np.abs(money - share).min(axis=0) >= band
        if cost % m == 0:
            # An exact split that nobody's exact budget falls short of is exact, however close.
            split = (capped == 0) & (emax == 0)
            certain |= split
            share_err[split] = 0.0
        # Supporters who have exactly nothing left leave an exact price: 1 / those who pay.
        exact = certain & (paid == 0) & (err_capped == 0)
        price = np.where(exact, 1 / (m - capped), share / cost)
        price_err = np.where(exact, _U * price, share_err / cost + 2 * _U * price)
        batch.share[c, which], batch.share_err[c, which] = share, share_err
        batch.price[c, which], batch.price_err[c, which] = price, price_err
        batch.exact[c, which] = exact
        batch.floor[c, which] = price - price_err
        columns = np.flatnonzero(which)
        batch.alive[c, columns[gone]] = False
        batch.state[columns[close | (~gone & ~certain)]] = _UNSURE

    def _fund(self, batch: _Batch, p: int, which: np.ndarray) -> None:
        every = which.all()
        at = self.members[p] if every else np.ix_(self.members[p], np.flatnonzero(which))
        share, share_err = batch.share[p, which], batch.share_err[p, which]
        money, err = batch.money[at], batch.error[at]
        # Those who surely had no more than the share now have exactly nothing.
        spent = (money + err) * (1 + 4 * _U) <= (share - share_err) * (1 - 4 * _U)
        batch.money[at] = np.maximum(money - share, 0.0)
        batch.error[at] = np.where(spent, 0.0, err + share_err + _U * money)
        batch.alive[p, which] = False
        batch.stale[self.neighbours[p]] |= which
        batch.funded[which, batch.rounds[which]] = p
        batch.rounds[which] += 1
