"""Benchmark the tally rules on the shared Pabulib files and a synthetic 100,000-ballot envelope.

    .venv/bin/python bench/tally.py [--only SUBSTRING ...] [--skip-slow]

For every file and rule: parse seconds, tally seconds (wall clock and CPU), pabutools 1.2.3's
seconds from expected.json, the speed-up on each clock, and whether the winners are the
reference's (the city's real `selected` for the file's own rule, else pabutools' outcome for the
same rule). Wall clock suffers when the machine is busy, so the CPU seconds are printed beside
it, and the load average. Our add1 is the cities' (raise until the outcome no longer fits);
where pabutools' add1 differs, its own stopping rule (first exhaustive outcome) is rerun here.
"""

import argparse
import json
import os
import random
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from voting import pabulib, rules  # noqa: E402

PB = ROOT.parent / "shared" / "pb"

# Our rule (with options) -> the key of pabutools' outcome for it in expected.json.
RULES = {
    "greedy": ("greedy", {}, "pabutools_greedy_by_votes"),
    "greedy-no-skip": ("greedy-no-skip", {}, None),
    "greedy-threshold": ("greedy-threshold", {}, None),
    "equalshares": ("equalshares", {}, "pabutools_mes_cost_no_completion"),
    "equalshares+greedy": ("equalshares", {"then_greedy": True}, "pabutools_mes_cost_then_greedy"),
    "equalshares/add1": ("equalshares/add1", {}, "pabutools_mes_cost_add1"),
    "equalshares/add1-comparison": ("equalshares/add1-comparison", {}, None),
}
SLOW = {"equalshares/add1", "equalshares/add1-comparison"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="files whose name contains this")
    parser.add_argument(
        "--skip-slow", action="store_true", help="no add1 on files over 50,000 voters"
    )
    args = parser.parse_args()
    expected = json.loads((PB / "expected.json").read_text()) if PB.is_dir() else {}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'election':42} {'rule':28} {'parse':>6} {'tally':>8} {'cpu':>7} {'pabutools':>9}"
        f" {'x (wall)':>8} {'x (cpu)':>8}  winners"
    )
    exact_reruns = _count_exact_reruns()
    for name in sorted(expected):
        if args.only and not any(part in name for part in args.only):
            continue
        started = time.perf_counter()
        data = pabulib.read(PB / name)
        parse_seconds = time.perf_counter() - started
        for label in RULES:
            big = len(data.election.ballots) > 50_000
            if args.skip_slow and big and label in SLOW:
                continue
            _bench(name, data, label, parse_seconds, expected[name])
    if not args.only:
        election = _synthetic()
        synthetic = pabulib.PabulibFile(election=election, meta={"rule": "greedy"}, columns={})
        synthetic.meta["min_project_score_threshold"] = "3000"
        for label in RULES:
            _bench("synthetic 100,000 x 100 projects", synthetic, label, 0.0, {})
    print(f"close calls rerun in fractions: {exact_reruns()}")


def _bench(name, data, label, parse_seconds, reference) -> None:
    rule, options, pabutools_key = RULES[label]
    if rule == "greedy-threshold":
        threshold = data.meta.get("min_project_score_threshold")
        if not threshold:
            return
        options = {"min_project_score_threshold": int(threshold)}
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = rules.tally(data.election, rule, **options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    theirs = reference.get(pabutools_key) if pabutools_key else None
    if label == data.meta.get("rule") and reference.get("real_selected"):
        verdict = _same(outcome, reference["real_selected"], "the city's")
    elif theirs:
        verdict = _same(outcome, theirs["selected"], "pabutools'")
    else:
        verdict = "-"
    if label == "equalshares/add1" and verdict.startswith("DIFFERENT") and theirs:
        # pabutools' add1 starts at budget / voters and stops at the first exhaustive outcome.
        own = _pabutools_add1(data.election)
        if sorted(map(str, own)) == sorted(map(str, theirs["selected"])):
            verdict += " (its own stopping rule, rerun here, gives its outcome)"
    their_seconds = theirs["pabutools_seconds"] if theirs else None
    speed_ups = [
        f"{their_seconds / s:7.0f}x" if their_seconds else f"{'-':>8}" for s in (wall, cpu)
    ]
    their_text = f"{their_seconds:9.3f}" if their_seconds else f"{'-':>9}"
    print(
        f"{name[:42]:42} {label:28} {parse_seconds:6.3f} {wall:8.3f} {cpu:7.3f} {their_text}"
        f" {speed_ups[0]} {speed_ups[1]}  {verdict}",
        flush=True,
    )


def _pabutools_add1(election) -> list:
    profile = rules._Profile(election)
    engine = rules._EqualShares(profile)
    per_voter, voters = Fraction(profile.budget, len(profile.ballots)), len(profile.ballots)
    cost, previous = profile.cost, []
    while per_voter <= profile.budget * (voters + 1):
        outcome = engine.outcomes([per_voter])[0]
        spent = sum(cost[i] for i in outcome)
        if spent > profile.budget:
            break
        left = [i for i in engine.eligible if i not in outcome]
        previous = outcome
        if all(spent + cost[i] > profile.budget for i in left):
            break
        per_voter += profile.unit
    return [profile.ids[i] for i in previous]


def _same(outcome, winners, whose) -> str:
    same = sorted(map(str, outcome.selected)) == sorted(map(str, winners))
    return f"same as {whose}" if same else f"DIFFERENT from {whose}"


def _synthetic() -> rules.Election:
    """100,000 approval ballots over 100 projects, some far more popular than others."""
    rng = random.Random(2024)
    ids = [f"P{i:03}" for i in range(100)]
    costs = {pid: Decimal(rng.randrange(5_000, 200_000, 500)) for pid in ids}
    weights = [1 / (rank + 5) for rank in range(100)]
    ballots = [frozenset(rng.choices(ids, weights, k=rng.randint(1, 5))) for _ in range(100_000)]
    projects = {pid: rules.Project(cost=costs[pid], name=pid) for pid in ids}
    return rules.Election(budget=sum(costs.values()) * 3 / 10, projects=projects, ballots=ballots)


def _count_exact_reruns():
    """Wrap the batched engine to count the rows it had to rerun in fractions."""
    counted = []
    outcomes = rules._EqualShares.outcomes

    def counting(self, budgets):
        before = self.exact_reruns
        result = outcomes(self, budgets)
        counted.append(self.exact_reruns - before)
        return result

    rules._EqualShares.outcomes = counting
    return lambda: sum(counted)


if __name__ == "__main__":
    main()
