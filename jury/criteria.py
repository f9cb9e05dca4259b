"""The criteria a cycle's jury starts with when the organizers set none."""

from decimal import Decimal

from .models import Criterion

# (name_ka, name_en, description_ka, description_en)
DEFAULTS = [
    (
        "შესაბამისობა თემის საჭიროებებთან",
        "Relevance to community needs",
        "რამდენად პასუხობს პროექტი თემის რეალურ, აქტუალურ საჭიროებას.",
        "How well the project answers a real, pressing need of the community.",
    ),
    (
        "განხორციელებადობა",
        "Feasibility",
        "შეიძლება თუ არა პროექტის განხორციელება დაგეგმილ ვადაში და ბიუჯეტით.",
        "Whether the project can be carried out in the planned time and budget.",
    ),
    (
        "ხარჯთეფექტურობა",
        "Cost-effectiveness",
        "რამდენად გონივრულია ხარჯი მიღებულ შედეგთან შედარებით.",
        "Whether the cost is reasonable for what the project delivers.",
    ),
    (
        "ბენეფიციართა რაოდენობა",
        "Number of people who benefit",
        "რამდენი ადამიანი ისარგებლებს პროექტით.",
        "How many people the project will serve.",
    ),
    (
        "მდგრადობა",
        "Sustainability",
        "შეინარჩუნებს თუ არა პროექტი შედეგს წლების განმავლობაში (მოვლა, ხარჯები).",
        "Whether the result will last for years (upkeep, running costs).",
    ),
]


def ensure_defaults(cycle) -> int:
    """Give `cycle` the default criteria if it has none; returns how many were created."""
    if Criterion.objects.filter(cycle=cycle).exists():
        return 0
    rows = [
        Criterion(
            cycle=cycle,
            name_ka=ka,
            name_en=en,
            description_ka=dka,
            description_en=den,
            weight=Decimal("1.00"),
            max_score=10,
            position=i,
        )
        for i, (ka, en, dka, den) in enumerate(DEFAULTS)
    ]
    Criterion.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
