"""The cycle's phases and the ONE table of what each phase allows.

Every write path asks `require(cycle, action)`; nothing compares phases by hand.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import PhaseClosed


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IDEA_SUBMISSION = "idea_submission", _("Ideas competition")
    TRAINING = "training", _("Trainings and proposals")
    JURY_REVIEW = "jury_review", _("Jury review")
    VOTING = "voting", _("Public voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")
    CLOSED = "closed", _("Closed")


ORDER = [p.value for p in Phase]


# What entering a phase does, said to the organizer before they confirm (it cannot be undone).
ENTERING = {
    Phase.IDEA_SUBMISSION: _("The cycle opens: residents can send ideas."),
    Phase.TRAINING: _(
        "The ideas competition closes: no new ideas. Authors of eligible ideas may enroll in "
        "trainings and write their proposals."
    ),
    Phase.JURY_REVIEW: _(
        "Proposals can no longer be written or changed. Each juror gets the proposals to score."
    ),
    Phase.VOTING: _(
        "The shortlisted proposals go on the ballot, which then cannot change, and residents "
        "can vote."
    ),
    Phase.RESULTS: _("Voting closes; the votes are counted and the results published."),
    Phase.IMPLEMENTATION: _("The winning projects are funded and followed as they are built."),
    Phase.CLOSED: _("The cycle closes: nothing in it can change any more."),
}


@dataclass(frozen=True)
class Unfinished:
    """Work of the current phase left undone when the cycle moves on ("5 ideas not screened").
    `needs_reason`: the move is refused unless the organizer says why, on the public record."""

    code: str
    count: int
    message: str
    needs_reason: bool = False


P = Phase
# action -> (phases that allow it, who may do it). Roles: anyone, user (signed in), resident (of
# the cycle's municipality), organizer (of that municipality), juror (of the cycle).
ACTIONS: dict[str, tuple[frozenset, str]] = {
    "edit_cycle": (frozenset(ORDER) - {P.CLOSED}, "organizer"),
    "submit_idea": (frozenset({P.IDEA_SUBMISSION}), "resident"),
    "edit_idea": (frozenset({P.IDEA_SUBMISSION}), "resident"),
    "withdraw_idea": (frozenset({P.IDEA_SUBMISSION}), "resident"),
    "enter_paper_idea": (frozenset({P.IDEA_SUBMISSION}), "organizer"),
    "screen_idea": (frozenset({P.IDEA_SUBMISSION, P.TRAINING}), "organizer"),
    "merge_idea": (frozenset({P.IDEA_SUBMISSION, P.TRAINING}), "organizer"),
    "manage_trainings": (frozenset({P.DRAFT, P.IDEA_SUBMISSION, P.TRAINING}), "organizer"),
    "enroll": (frozenset({P.TRAINING}), "resident"),
    "cancel_enrollment": (frozenset({P.TRAINING}), "resident"),
    "mark_attendance": (frozenset({P.TRAINING}), "organizer"),
    "write_proposal": (frozenset({P.TRAINING}), "resident"),
    "submit_proposal": (frozenset({P.TRAINING}), "resident"),
    "value_proposal": (frozenset({P.TRAINING, P.JURY_REVIEW}), "organizer"),
    "manage_jury": (
        frozenset({P.DRAFT, P.IDEA_SUBMISSION, P.TRAINING, P.JURY_REVIEW}),
        "organizer",
    ),
    "score": (frozenset({P.JURY_REVIEW}), "juror"),
    "declare_conflict": (frozenset({P.JURY_REVIEW}), "juror"),
    "reopen_scores": (frozenset({P.JURY_REVIEW}), "organizer"),
    "shortlist": (frozenset({P.JURY_REVIEW}), "organizer"),
    # jurors see the aggregated ranking only once their review is over
    "view_jury_ranking": (
        frozenset({P.VOTING, P.RESULTS, P.IMPLEMENTATION, P.CLOSED}),
        "juror",
    ),
    "manage_envelopes": (frozenset(ORDER[: ORDER.index(P.VOTING)]), "organizer"),
    # the rules of the vote (Cycle.VOTING_RULE_FIELDS) are frozen from the moment voting opens
    "change_voting_rules": (frozenset(ORDER[: ORDER.index(P.VOTING)]), "organizer"),
    # the roll may be corrected until the vote ends (someone the registry missed); read it always
    "manage_voter_roll": (frozenset(ORDER[: ORDER.index(P.RESULTS)]), "organizer"),
    "view_voter_roll": (frozenset(ORDER), "organizer"),
    "verify_voter": (frozenset({P.JURY_REVIEW, P.VOTING}), "resident"),
    "cast_ballot": (frozenset({P.VOTING}), "resident"),
    # voting points: organizers set them up until the vote is over; the point staff (organizers
    # and the officers of the cycle's points) open, close and enter ballots during it, each
    # officer at their own point only (voting_points.services asks that next)
    "manage_voting_points": (frozenset(ORDER[: ORDER.index(P.VOTING) + 1]), "organizer"),
    "run_voting_point": (frozenset({P.VOTING}), "point_staff"),
    "enter_paper_ballot": (frozenset({P.VOTING}), "point_staff"),
    "watch_voting_point": (frozenset({P.VOTING, P.RESULTS, P.IMPLEMENTATION, P.CLOSED}), "user"),
    # in aggregate for anyone; the view gives organizers exact numbers (voting.turnout)
    "view_turnout": (frozenset({P.VOTING, P.RESULTS, P.IMPLEMENTATION, P.CLOSED}), "anyone"),
    "view_results": (frozenset({P.RESULTS, P.IMPLEMENTATION, P.CLOSED}), "anyone"),
    "post_update": (frozenset({P.IMPLEMENTATION}), "organizer"),
    "fund_project": (frozenset({P.RESULTS, P.IMPLEMENTATION}), "organizer"),
    "follow_project": (frozenset({P.RESULTS, P.IMPLEMENTATION}), "user"),
    # a playground can break after the cycle closes: residents report, organizers answer
    "report_problem": (frozenset({P.RESULTS, P.IMPLEMENTATION, P.CLOSED}), "resident"),
    "moderate_reports": (frozenset({P.RESULTS, P.IMPLEMENTATION, P.CLOSED}), "organizer"),
    # reaching residents: a message to the municipality's (or a village's) residents, until the
    # cycle closes (announcing it from the draft on); its past messages, in every phase
    "send_broadcast": (frozenset(ORDER) - {P.CLOSED}, "organizer"),
    "view_broadcasts": (frozenset(ORDER), "organizer"),
}

# Phase moves: forward by one step only. Going back would reopen decisions already published.
TRANSITIONS = {a: b for a, b in zip(ORDER, ORDER[1:], strict=False)}


def allows(phase, action) -> bool:
    return phase in ACTIONS[action][0]


def phases_for(action):
    return [p for p in ORDER if p in ACTIONS[action][0]]


def require(cycle, action):
    """Raise PhaseClosed (409) unless the cycle's phase allows `action`."""
    if not allows(cycle.phase, action):
        names = ", ".join(str(Phase(p).label) for p in phases_for(action))
        raise PhaseClosed(
            _("This is possible only during: %(phases)s. The cycle is now in: %(now)s.")
            % {"phases": names, "now": Phase(cycle.phase).label}
        )
