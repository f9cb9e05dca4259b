"""What organizers read about a cycle's ideas: counts and the CSV export."""

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.exports import csv_response
from cycles.services import require_organizer

from .models import Idea, IdeaStatus


def cycle_counts(*, cycle, by) -> dict:
    """Counts by status, category and community (withdrawn included: organizers see all)."""
    require_organizer(by, cycle.municipality_id)
    ideas = Idea.objects.filter(cycle=cycle)
    statuses = dict(ideas.values_list("status").annotate(n=Count("id")).order_by())
    by_category = (
        ideas.values("category_id", "category__name_ka", "category__name_en")
        .annotate(n=Count("id"))
        .order_by("category__name_ka")
    )
    by_community = (
        ideas.values("community_id", "community__name_ka", "community__name_en")
        .annotate(n=Count("id"))
        .order_by("community__name_ka")
    )
    en = (get_language() or "ka")[:2] == "en"

    def name(row, prefix):
        ka, english = row[f"{prefix}__name_ka"], row[f"{prefix}__name_en"]
        return (english if en and english else ka) or _("(none)")

    return {
        "total": sum(statuses.values()),
        "by_status": [
            {"status": s.value, "label": str(s.label), "count": statuses.get(s.value, 0)}
            for s in IdeaStatus
        ],
        "by_category": [
            {"id": r["category_id"], "name": name(r, "category"), "count": r["n"]}
            for r in by_category
        ],
        "by_community": [
            {"id": r["community_id"], "name": name(r, "community"), "count": r["n"]}
            for r in by_community
        ],
    }


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


def ideas_csv(*, cycle, by):
    """Every idea of the cycle as a CSV download for the organizers (with contact phones: not
    public)."""
    require_organizer(by, cycle.municipality_id)
    ideas = (
        Idea.objects.filter(cycle=cycle)
        .select_related("author", "category", "community")
        .prefetch_related("co_authors", "images")
        .order_by("created_at", "id")
    )
    rows = (
        [
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
        for idea in ideas
    )
    return csv_response(f"ideas-cycle-{cycle.pk}.csv", COLUMNS, rows)
