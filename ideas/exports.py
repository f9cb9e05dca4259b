"""The organizers' CSV of a cycle's ideas (with contact phones: not public), through the one CSV
writer of core.exports."""

from core.exports import csv_response

from .models import Idea

COLUMNS = [
    "id",
    "title",
    "summary",
    "category",
    "community",
    "estimated_cost",
    "beneficiaries",
    "latitude",
    "longitude",
    "status",
    "screening_reason",
    "screening_note",
    "merged_into",
    "channel",
    "author",
    "author_phone",
    "co_authors",
    "images",
    "created_at",
]


def row(idea) -> list:
    return [
        idea.pk,
        idea.title,
        idea.summary,
        idea.category.name_ka if idea.category else "",
        idea.community.name_ka if idea.community else "",
        idea.estimated_cost,
        idea.beneficiaries,
        idea.latitude,
        idea.longitude,
        idea.status,
        idea.screening_reason,
        idea.screening_note,
        idea.merged_into_id or "",
        idea.channel,
        idea.author.name if idea.author else idea.paper_author_name,
        (idea.author.phone if idea.author else idea.paper_author_phone) or "",
        "; ".join(u.name for u in idea.co_authors.all()),
        len(idea.images.all()),
        idea.created_at.isoformat(),
    ]


def ideas_csv(cycle):
    """Every idea of `cycle` as a CSV download (the caller has checked the organizer)."""
    ideas = Idea.objects.filter(cycle=cycle).for_export()
    return csv_response(f"ideas-cycle-{cycle.pk}.csv", COLUMNS, (row(i) for i in ideas))
