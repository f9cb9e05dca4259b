"""Move the demo's Terjola cycle through its phases with the services, so the page checks also see
the pages each later phase opens (the ballot, the jury's scoring sheet, ...).

The pages themselves are walked in test_walkthrough.py; here speed matters, so the same steps go
through the service functions the pages call.
"""

import datetime
from datetime import date

from django.utils import timezone

from accounts.models import User
from cycles.services import advance
from ideas.models import IdeaStatus
from jury.models import Assignment, Criterion
from jury.services import scores_save, shortlist_publish
from proposals.models import Proposal, ProposalStatus
from proposals.services import proposal_submit, proposal_value
from trainings.models import TrainingSession
from trainings.services import attendance_mark, session_enroll
from voting.services import voter_verify


def _organizer(cycle):
    return User.objects.get(email="organizer@terjola.demo")


def to_training(cycle):
    advance(cycle=cycle, to="training", by=_organizer(cycle), reason="e2e")


def to_jury_review(cycle):
    """One demo draft proposal is submitted (its author trained) and found feasible."""
    organizer = _organizer(cycle)
    proposal = (
        Proposal.objects.filter(
            cycle=cycle, status=ProposalStatus.DRAFT, idea__status=IdeaStatus.ELIGIBLE
        )
        .select_related("idea__author")
        .order_by("id")
        .first()
    )
    author = proposal.idea.author
    session = TrainingSession.objects.filter(cycle=cycle).order_by("-starts_at").first()
    if not session.enrollments.filter(user=author, status="enrolled").exists():
        session_enroll(session=session, user=author)
    if not session.started:  # the session takes place before anyone attends it
        TrainingSession.objects.filter(pk=session.pk).update(
            starts_at=timezone.now() - datetime.timedelta(hours=1)
        )
        session.refresh_from_db()
    attendance_mark(session=session, user=author, attended=True, by=organizer)
    proposal_submit(proposal=proposal, by=author)
    proposal_value(proposal=proposal, by=organizer, feasible=True, reason="Feasible (e2e).")
    advance(cycle=cycle, to="jury_review", by=organizer, reason="e2e")


def to_voting(cycle):
    """The chair scores, the shortlist is published, and two residents verify as voters."""
    organizer = _organizer(cycle)
    criteria = list(Criterion.objects.filter(cycle=cycle))
    chair = User.objects.get(email="juror1@terjola.demo")
    for assignment in Assignment.objects.filter(juror__user=chair, juror__cycle=cycle):
        scores = [{"criterion": c.pk, "value": c.max_score} for c in criteria]
        scores_save(assignment=assignment, by=chair, scores=scores, submit=True)
    feasible = Proposal.objects.filter(cycle=cycle, status=ProposalStatus.FEASIBLE)
    shortlist_publish(cycle=cycle, by=organizer, proposal_ids=[p.pk for p in feasible])
    advance(cycle=cycle, to="voting", by=organizer, reason="e2e")
    for i, email in enumerate(["organizer@terjola.demo", "resident@terjola.demo"]):
        user = User.objects.get(email=email)
        voter_verify(
            cycle=cycle,
            user=user,
            personal_number=f"0100100{i:04d}",
            birth_date=user.birth_date or date(1990, 5, 17),
        )


STAGES = [("training", to_training), ("jury_review", to_jury_review), ("voting", to_voting)]
