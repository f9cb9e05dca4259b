"""The one thing to do now in a cycle, for the person looking: what the home page and the cycle
page lead with.

`decide(phase, facts)` is the one rule (a pure function of the phase and who is looking, tested
per phase and role); `next_step(cycle, user)` gathers the facts the phase needs, and only
those, and names the page. The cycle page reaches it through `civic_budget.wiring.NEXT_STEP`,
because `cycles` imports no later app.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cycles.phases import Phase
from cycles.services import has_role
from ideas.services import ideas_left
from proposals.models import Proposal, ProposalStatus
from trainings.models import Enrollment, EnrollmentStatus, may_enroll
from voting.services import has_voted, voter_key_of


@dataclass(frozen=True)
class Facts:
    """Who is looking, as far as the phase cares. Unknown facts stay at their default."""

    signed_in: bool = False
    resident: bool = False
    juror: bool = False
    ideas_left: int | None = None  # None: no limit
    may_enroll: bool = False  # author of an eligible idea, or every resident if open to all
    author: bool = False  # of an eligible idea of the cycle
    trained: bool = False  # enrolled in (or attended) a session of the cycle
    training_required: bool = True
    proposal_sent: bool = False
    verified_voter: bool = False
    voted: bool = False


LABELS = {
    "send_idea": _("Send an idea"),
    "see_ideas": _("See the ideas"),
    "enroll": _("Enroll in a training"),
    "see_trainings": _("See the trainings"),
    "write_proposal": _("Write your proposal"),
    "see_proposals": _("See the proposals"),
    "score": _("Score your proposals"),
    "get_ready_to_vote": _("Get ready to vote"),
    "vote": _("Vote now"),
    "see_receipt": _("You have voted: see your receipt"),
    "see_ballot": _("See the ballot"),
    "see_results": _("See the results"),
    "follow_projects": _("Follow the funded projects"),
}

URLS = {
    "send_idea": ("ideas:submit", "cycle_pk"),
    "see_ideas": ("ideas:list", "cycle_pk"),
    "enroll": ("trainings:list", "cycle_pk"),
    "see_trainings": ("trainings:list", "cycle_pk"),
    "write_proposal": ("proposals:mine", "cycle_pk"),
    "see_proposals": ("proposals:list", "cycle_pk"),
    "score": ("jury:cycle", "cycle_pk"),
    "get_ready_to_vote": ("voting:ballot", "pk"),
    "vote": ("voting:ballot", "pk"),
    "see_receipt": ("voting:ballot", "pk"),
    "see_ballot": ("voting:ballot", "pk"),
    "see_results": ("voting:results", "pk"),
    "follow_projects": ("cycle-funded", "pk"),
}


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url: str


def decide(phase: str, facts: Facts) -> str | None:
    """The key of the one thing to do now (None: nothing, e.g. a cycle being set up)."""
    if phase == Phase.IDEA_SUBMISSION:
        if not facts.signed_in or (facts.resident and facts.ideas_left != 0):
            return "send_idea"
        return "see_ideas"
    if phase == Phase.TRAINING:
        if facts.author and not facts.proposal_sent:
            if facts.training_required and not facts.trained:
                return "enroll"
            return "write_proposal"
        if facts.may_enroll and not facts.trained and not facts.author:
            return "enroll"
        return "see_proposals" if facts.signed_in else "see_trainings"
    if phase == Phase.JURY_REVIEW:
        if facts.juror:
            return "score"
        if facts.resident and not facts.verified_voter:
            return "get_ready_to_vote"
        return "see_proposals"
    if phase == Phase.VOTING:
        if facts.voted:
            return "see_receipt"
        if not facts.signed_in or facts.resident:
            return "vote"
        return "see_ballot"
    if phase in (Phase.RESULTS, Phase.CLOSED):
        return "see_results"
    if phase == Phase.IMPLEMENTATION:
        return "follow_projects"
    return None


def facts_of(cycle, user) -> Facts:
    """The facts `decide` needs in the cycle's phase: a few queries at most, none for visitors."""
    if not (user and user.is_authenticated):
        return Facts()
    resident = has_role(user, cycle, "resident")
    phase = cycle.phase
    if phase == Phase.IDEA_SUBMISSION:
        left = ideas_left(cycle=cycle, user=user) if resident else 0
        return Facts(signed_in=True, resident=resident, ideas_left=left)
    if phase == Phase.TRAINING:
        mine = Q(author=user) | Q(co_authors=user)
        author = cycle.ideas.filter(mine, status="eligible").exists()
        trained = Enrollment.objects.filter(
            Q(status=EnrollmentStatus.ENROLLED) | Q(attended=True),
            user=user,
            session__cycle=cycle,
        ).exists()
        sent = (
            Proposal.objects.of_author(user)
            .filter(cycle=cycle)
            .exclude(status=ProposalStatus.DRAFT)
            .exists()
            if author
            else False
        )
        return Facts(
            signed_in=True,
            resident=resident,
            author=author,
            may_enroll=author or may_enroll(user, cycle),
            trained=trained,
            training_required=cycle.training_required,
            proposal_sent=sent,
        )
    if phase == Phase.JURY_REVIEW:
        juror = has_role(user, cycle, "juror")
        verified = bool(resident and not juror and voter_key_of(cycle=cycle, user=user))
        return Facts(signed_in=True, resident=resident, juror=juror, verified_voter=verified)
    if phase == Phase.VOTING:
        return Facts(signed_in=True, resident=resident, voted=has_voted(cycle=cycle, user=user))
    return Facts(signed_in=True, resident=resident)


def step_for(cycle, key) -> Step | None:
    if key is None:
        return None
    name, kwarg = URLS[key]
    return Step(key=key, label=str(LABELS[key]), url=reverse(name, kwargs={kwarg: cycle.pk}))


def next_step(cycle, user) -> Step | None:
    """The one thing `user` (or a visitor) should do now in `cycle`, with the page to do it."""
    return step_for(cycle, decide(cycle.phase, facts_of(cycle, user)))
