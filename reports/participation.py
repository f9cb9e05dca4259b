"""My participation: one person's ideas, proposals, trainings, ballots and followed projects,
across every cycle, for `GET me/participation/` and the page of the same name.

A read model (`reports` may read every app; no app imports it): one query per list whatever
the number of items, plus one for the cycles the person could vote in. A ballot shows that it
was cast, its receipt and where to check it, never its choices (paper or online).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from cycles.models import Cycle
from cycles.phases import ORDER, Phase
from ideas.models import Idea
from implementation.models import Follow
from proposals.models import Proposal
from trainings.models import Enrollment
from voting.models import Ballot, BallotChannel, VoterKey

# the phases in which a cycle has (had) a vote
VOTED_PHASES = ORDER[ORDER.index(Phase.VOTING) :]


def _cycle(cycle) -> dict:
    return {"id": cycle.pk, "title": cycle.title, "phase": cycle.phase}


def ideas_of(user) -> list[dict]:
    co_written = Idea.co_authors.through.objects.filter(user_id=user.pk).values("idea_id")
    ideas = (
        Idea.objects.filter(Q(author_id=user.pk) | Q(pk__in=co_written))
        .select_related("cycle", "proposal")
        .order_by("-created_at", "-id")
    )
    out = []
    for idea in ideas:
        proposal = getattr(idea, "proposal", None)
        out.append(
            {
                "id": idea.pk,
                "title": idea.title,
                "cycle": _cycle(idea.cycle),
                "status": idea.status,
                "status_label": str(idea.get_status_display()),
                "screening_reason": idea.screening_reason,
                "screening_reason_label": str(idea.get_screening_reason_display())
                if idea.screening_reason
                else "",
                "proposal": proposal.pk if proposal else None,
                "url": reverse("ideas:detail", kwargs={"pk": idea.pk}),
            }
        )
    return out


def proposals_of(user) -> list[dict]:
    proposals = (
        Proposal.objects.of_author(user)
        .select_related("cycle", "ballot_project", "funded_project")
        .order_by("-created_at", "-id")
    )
    out = []
    for p in proposals:
        funded = getattr(p, "funded_project", None)
        on_ballot = getattr(p, "ballot_project", None)
        out.append(
            {
                "id": p.pk,
                "title": p.title,
                "cycle": _cycle(p.cycle),
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "idea": p.idea_id,
                "on_ballot": on_ballot is not None,
                "funded": funded.pk if funded else None,
                "url": reverse("proposals:detail", kwargs={"pk": p.pk}),
            }
        )
    return out


def trainings_of(user) -> list[dict]:
    enrollments = (
        Enrollment.objects.filter(user=user)
        .exclude(status="cancelled")
        .select_related("session__cycle")
        .order_by("-session__starts_at", "-id")
    )
    return [
        {
            "id": e.pk,
            "session": e.session_id,
            "title": e.session.title,
            "cycle": _cycle(e.session.cycle),
            "starts_at": e.session.starts_at,
            "status": e.status,
            "status_label": str(e.get_status_display()),
            "attended": e.attended,
            "url": reverse("trainings:detail", kwargs={"pk": e.session_id}),
        }
        for e in enrollments
    ]


def _receipt(ballot, receipt_page) -> dict:
    """One envelope's ballot as its voter sees it online: the receipt to check, or, for a paper
    ballot, only where it was cast (its receipt and choices stay on paper)."""
    paper = ballot.channel == BallotChannel.PAPER
    return {
        "envelope": ballot.envelope.name,
        "channel": ballot.channel,
        "voting_point": ballot.voting_point.name if ballot.voting_point else "",
        "receipt": None if paper else ballot.receipt,
        "check_url": None if paper else f"{receipt_page}?{urlencode({'code': ballot.receipt})}",
    }


def ballots_of(user) -> list[dict]:
    """Each cycle the person could vote in (their municipality's, or one they verified in):
    whether they voted, with each envelope's receipt. Never the choices."""
    # a ballot names its voter only by a keyed tag (voting.models): the person's voter keys say
    # which tags are theirs, so the app finds their own ballots and a database dump cannot
    cycle_of_tag = {k.tag: k.cycle_id for k in VoterKey.objects.filter(user=user)}
    ballots = (
        Ballot.objects.filter(voter_tag__in=list(cycle_of_tag))
        .select_related("envelope__community", "voting_point")
        .order_by("envelope_id")
    )
    by_cycle: dict[int, list] = {}
    for b in ballots:
        by_cycle.setdefault(cycle_of_tag[b.voter_tag], []).append(b)
    cycles = Cycle.objects.filter(
        Q(pk__in=list(by_cycle)) | Q(municipality_id=user.municipality_id, phase__in=VOTED_PHASES)
    ).order_by("-year", "-id")
    receipt = reverse("voting:receipt")
    out = []
    for cycle in cycles:
        cast = by_cycle.get(cycle.pk, [])
        out.append(
            {
                "cycle": _cycle(cycle),
                "voted": bool(cast),
                "receipts": [_receipt(b, receipt) for b in cast],
                "url": reverse("voting:ballot", kwargs={"pk": cycle.pk}),
            }
        )
    return out


def following_of(user) -> list[dict]:
    follows = (
        Follow.objects.filter(user=user)
        .select_related("project__proposal", "project__cycle")
        .order_by("-created_at", "-id")
    )
    return [
        {
            "id": f.project_id,
            "title": f.project.title,
            "cycle": _cycle(f.project.cycle),
            "status": f.project.status,
            "status_label": str(f.project.get_status_display()),
            "url": reverse("funded-detail", kwargs={"pk": f.project_id}),
        }
        for f in follows
    ]


def participation(user) -> dict:
    """Everything `user` took part in, newest first, in a bounded number of queries."""
    return {
        "ideas": ideas_of(user),
        "proposals": proposals_of(user),
        "trainings": trainings_of(user),
        "ballots": ballots_of(user),
        "following": following_of(user),
    }
