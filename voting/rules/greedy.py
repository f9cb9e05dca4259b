"""Greedy rules: projects by votes, most first, each taken while it still fits."""

from __future__ import annotations

from .profile import Election, Outcome, _Profile


def greedy(election: Election, *, min_project_score_threshold: int | None = None) -> Outcome:
    profile = _Profile(election)
    return profile.outcome(_greedy(profile, min_votes=min_project_score_threshold))


def greedy_no_skip(
    election: Election, *, min_project_score_threshold: int | None = None
) -> Outcome:
    profile = _Profile(election)
    chosen = _greedy(profile, min_votes=min_project_score_threshold, skip=False)
    return profile.outcome(chosen)


def greedy_threshold(election: Election, *, min_project_score_threshold: int) -> Outcome:
    return greedy(election, min_project_score_threshold=int(min_project_score_threshold))


def _greedy(profile, *, min_votes=None, skip=True, already=()) -> list[int]:
    votes, cost, ids = profile.votes, profile.cost, profile.ids
    chosen, taken = list(already), set(already)
    left = profile.budget - sum(cost[i] for i in chosen)
    candidates = [
        i
        for i in range(len(ids))
        if votes[i] > 0 and (min_votes is None or votes[i] >= min_votes) and i not in taken
    ]
    for i in sorted(candidates, key=lambda i: (-votes[i], cost[i], ids[i])):
        if cost[i] <= left:
            chosen.append(i)
            left -= cost[i]
        elif not skip:
            break
    return chosen
