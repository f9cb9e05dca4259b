"""Demo: a draft proposal, with five budget lines, for each eligible demo idea of Terjola."""

from decimal import Decimal

from django.urls import reverse

from ideas.models import Idea, IdeaStatus

from .models import BudgetLine, Proposal, ProposalStatus, StatusChange

LINES = [
    ("სამშენებლო მასალები", "1", "კომპლექტი", "6000.00"),
    ("სამუშაო ძალა", "20", "დღე", "250.00"),
    ("ტრანსპორტირება", "4", "რეისი", "300.00"),
    ("აღჭურვილობა", "2", "ცალი", "1200.00"),
    ("ზედამხედველობა", "1", "თვე", "800.00"),
]


def seed(demo):
    cycle = demo["cycle"]
    ideas = Idea.objects.filter(cycle=cycle, status=IdeaStatus.ELIGIBLE, author__isnull=False)
    made = 0
    for idea in ideas:
        if Proposal.objects.filter(idea=idea).exists():
            continue
        proposal = Proposal.objects.create(
            cycle=cycle,
            idea=idea,
            community=idea.community,
            title=idea.title,
            summary=idea.summary,
            problem=idea.description or idea.summary,
            objectives=idea.summary,
            beneficiaries=getattr(idea, "beneficiaries", "") or "",
            beneficiaries_count=300,
            location=idea.community.name_ka if idea.community else "თერჯოლა",
            timeline_months=4,
            maintenance="თერჯოლის მუნიციპალიტეტის კეთილმოწყობის სამსახური",
            created_by=idea.author,
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    proposal=proposal,
                    position=i,
                    item=item,
                    quantity=Decimal(qty),
                    unit=unit,
                    unit_cost=Decimal(cost),
                )
                for i, (item, qty, unit, cost) in enumerate(LINES)
            ]
        )
        proposal.total_cost = proposal.compute_total()
        proposal.save(update_fields=["total_cost"])
        StatusChange.objects.create(
            proposal=proposal, from_status="", to_status=ProposalStatus.DRAFT, by=idea.author
        )
        made += 1
    where = reverse("proposals:list", args=[cycle.pk])
    demo["log"].append(f"proposals: {made} new draft(s) for eligible ideas — {where}")
