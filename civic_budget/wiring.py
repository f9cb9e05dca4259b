"""Where later apps plug into the cycle spine, declared in one place.

`cycles` imports no later app (arrows run one way), yet voting cannot open with an empty
shortlist and jury assignments are made when review opens. So the spine asks these dotted paths,
resolved lazily. Each entry: a phase (or role) -> functions in the app that owns the rule.
"""

# phase -> checks run before a cycle may enter it: fn(cycle) raising core.errors.Conflict.
PHASE_GUARDS: dict[str, list[str]] = {
    "voting": ["jury.services.guard_shortlist_published"],
    "closed": ["implementation.services.guard_all_done"],
}

# phase -> what the current phase leaves undone when the cycle enters it, shown before the
# organizer confirms: fn(cycle) -> list[cycles.phases.Unfinished].
PHASE_UNFINISHED: dict[str, list[str]] = {
    "training": ["ideas.services.unscreened_ideas"],
    "jury_review": ["proposals.services.unsubmitted_proposals"],
    "voting": ["jury.services.unscored_sheets"],
}

# phase -> work done in the same transaction as the change: fn(cycle, by).
PHASE_ENTERED: dict[str, list[str]] = {
    "jury_review": ["jury.services.open_review"],
    "voting": ["voting.services.open_voting"],
    "results": ["voting.results.publish_results"],
    "implementation": ["implementation.services.open_implementation"],
}

# role -> fn(user, cycle) -> bool, for roles owned by later apps (juror).
CYCLE_ROLES: dict[str, str] = {
    "juror": "jury.roles.is_juror",
    "point_staff": "voting_points.roles.is_point_staff",
}

# what `manage.py seed_demo` runs, in order: fn(demo) where demo is a dict shared between seeders.
DEMO_SEEDERS: list[str] = [
    "cycles.demo.seed",
    "accounts.demo.seed",
    "notifications.demo.seed",  # before the events, so the demo resident gets them by push too
    "ideas.demo.seed",
    "trainings.demo.seed",
    "proposals.demo.seed",
    "jury.demo.seed",
    "voting.demo.seed",
    "implementation.demo.seed",  # last: funds the winners of the demo's results cycle
]

# what the home page and the cycle page lead with: fn(cycle, user) -> Step | None (its key,
# label and url); the rule is one function of the phase and of who is looking.
NEXT_STEP = "reports.next_step.next_step"
