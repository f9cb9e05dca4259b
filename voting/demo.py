"""Demo: last year's Baghdati cycle, already counted, so the results page has something to show."""

import random
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from cycles.models import Cycle
from cycles.phases import Phase
from ideas.models import Idea
from proposals.models import Proposal, ProposalStatus
from voting_points.models import PointStatus, VotingPoint

from .models import (
    Ballot,
    BallotChannel,
    BallotProject,
    Choice,
    Envelope,
    VoterKey,
    ballot_day,
    voter_key_for,
)
from .results import publish_results

PROJECTS = [
    # title, summary (the demo is in Georgian, as residents write), cost, how popular (0..1)
    (
        "ბავშვთა მოედანი ობჩაში",
        "ობჩის ცენტრში ბავშვთა უსაფრთხო სათამაშო მოედანი.",
        "18000.00",
        0.62,
    ),
    ("გარე განათება დიმში", "დიმის მთავარ ქუჩაზე ენერგოდამზოგი სანათები.", "26000.00", 0.55),
    (
        "სპორტული მოედნის შეკეთება",
        "სკოლის სპორტული მოედნის საფარის და ღობის შეკეთება.",
        "32000.00",
        0.41,
    ),
    (
        "ბიბლიოთეკის ახალი წიგნები",
        "საბავშვო და სასწავლო წიგნები სოფლის ბიბლიოთეკისთვის.",
        "6000.00",
        0.38,
    ),
    ("ავტობუსის გაჩერება როკითში", "გადახურული გაჩერება სკამით როკითის ცენტრში.", "9000.00", 0.33),
    ("წყაროს მოწესრიგება ვარციხეში", "სოფლის წყაროს გაწმენდა და მოპირკეთება.", "14000.00", 0.22),
]
BUDGET = Decimal("60000.00")
VOTERS = 120


def seed(demo):
    municipality = demo["baghdati"]
    year = timezone.now().year - 1
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=300)
    cycle, _ = Cycle.objects.get_or_create(
        municipality=municipality,
        year=year,
        defaults={
            "title_ka": f"ბაღდათის სამოქალაქო ბიუჯეტი {year}",
            "title_en": f"Baghdati Civic Budget {year}",
            "description_en": "Last year's cycle: the residents chose what to fund.",
            "total_budget": BUDGET,
            "min_project_cost": Decimal("5000.00"),
            "max_project_cost": Decimal("40000.00"),
            "phase": Phase.RESULTS,
            "ballot_kind": "knapsack",
            "idea_submission_starts": start,
            "training_starts": start + timedelta(days=30),
            "jury_review_starts": start + timedelta(days=90),
            "voting_starts": start + timedelta(days=120),
            "results_starts": start + timedelta(days=141),
            "implementation_starts": timezone.now() + timedelta(days=30),
        },
    )
    demo["past_cycle"] = cycle
    if Envelope.objects.filter(cycle=cycle, result__isnull=False).exists():
        demo["log"].append(
            f"past cycle with results: {cycle} — {reverse('voting:results', args=[cycle.pk])}"
        )
        return
    envelope, _ = Envelope.objects.get_or_create(
        cycle=cycle, community=None, defaults={"budget": BUDGET, "ballot_kind": "knapsack"}
    )
    communities = list(municipality.communities.all())
    projects = []
    for i, (ka, summary, cost, _popularity) in enumerate(PROJECTS):
        idea, _ = Idea.objects.get_or_create(
            cycle=cycle,
            title=ka,
            defaults={
                "summary": summary,
                "estimated_cost": Decimal(cost),
                "channel": "paper",
                "paper_author_name": "ნინო გელაშვილი",
                "community": communities[i % len(communities)] if communities else None,
            },
        )
        proposal, _ = Proposal.objects.get_or_create(
            cycle=cycle,
            idea=idea,
            defaults={
                "title": ka,
                "summary": summary,
                "total_cost": Decimal(cost),
                "community": idea.community,
                "status": ProposalStatus.SHORTLISTED,
            },
        )
        project, _ = BallotProject.objects.get_or_create(
            proposal=proposal,
            defaults={"envelope": envelope, "title": ka, "summary": summary, "cost": Decimal(cost)},
        )
        projects.append(project)
    # a fixed seed: the same demo every time
    rng = random.Random(year)
    voted_at = cycle.voting_starts
    point, _ = VotingPoint.objects.get_or_create(
        cycle=cycle,
        name="ბაღდათის მერია",
        defaults={
            "address": "ბაღდათი, წერეთლის ქ. 1",
            "opens_at": voted_at,
            "closes_at": voted_at + timedelta(days=15),
        },
    )
    for n in range(VOTERS):
        key = voter_key_for(f"99{year % 100:02d}{n:07d}")
        voter, _ = VoterKey.objects.get_or_create(
            cycle=cycle, key=key, defaults={"community": rng.choice(communities or [None])}
        )
        if voter.voted:
            continue
        picks, total = [], Decimal("0")
        for project, (*_names, popularity) in zip(projects, PROJECTS, strict=True):
            if rng.random() < popularity and total + project.cost <= BUDGET:
                picks.append(project)
                total += project.cost
        if not picks:
            picks = [projects[3]]
        paper = n % 4 == 0
        at = ballot_day(voted_at + timedelta(days=n % 14, hours=n % 9))
        ballot = Ballot.objects.create(
            envelope=envelope,
            voter_tag=voter.tag,
            channel=BallotChannel.PAPER if paper else BallotChannel.ONLINE,
            voting_point=point if paper else None,
            created_at=at,
            updated_at=at,
        )
        Choice.objects.bulk_create(Choice(ballot=ballot, project=p) for p in picks)
        VoterKey.objects.filter(pk=voter.pk).update(voted=True)
    if point.status != PointStatus.CLOSED:
        entered = point.ballots.count()
        VotingPoint.objects.filter(pk=point.pk).update(
            status=PointStatus.CLOSED,
            opened_at=voted_at,
            closed_at=voted_at + timedelta(days=14, hours=20),
            ballots_issued=entered + 2,
            spoiled=2,
            ballots_entered=entered,
            signatures=["ნინო ბერიძე", "გიორგი კაპანაძე"],
        )
    publish_results(cycle, None)
    demo["log"].append(
        f"past cycle with results: {cycle} — {reverse('voting:results', args=[cycle.pk])}"
    )
