"""Demo: the winners of last year's cycle, funded, with progress updates, photos and a follower.

Runs last: it takes the past cycle the voting demo counted (`demo["past_cycle"]`), opens its
implementation through the real phase change (so the public record has it), and posts updates
through the same service organizers use. Without that cycle it builds a small one of its own.
"""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.demo import PASSWORD
from accounts.models import Role, User
from cycles.models import Cycle
from cycles.phases import Phase
from cycles.services import advance
from ideas.models import Idea
from proposals.models import Proposal, ProposalStatus

from . import services
from .models import FundedProject, Update

DEPARTMENTS = [
    "ინფრასტრუქტურის სამსახური",  # infrastructure
    "განათლების, კულტურისა და სპორტის სამსახური",  # education, culture and sport
]
# points in and around Baghdati (decimal degrees)
POINTS = [
    (Decimal("42.07361"), Decimal("42.82194")),
    (Decimal("42.05083"), Decimal("42.86472")),
    (Decimal("42.09472"), Decimal("42.79417")),
    (Decimal("42.03611"), Decimal("42.80833")),
]
# (status, spent share of the budget, text ka, text en, photos)
STEPS = [
    ("procurement", "0", "გამოცხადდა ტენდერი.", "The tender was announced.", 0),
    (
        "in_progress",
        "0.35",
        "კონტრაქტორმა სამუშაოები დაიწყო.",
        "The contractor has started the works.",
        2,
    ),
    (
        "in_progress",
        "0.70",
        "ძირითადი სამუშაოები დასრულებულია.",
        "The main works are finished.",
        1,
    ),
]


def _photo(n: int, progress: float) -> SimpleUploadedFile:
    """A small generated JPEG: sky, ground and a structure that grows with the works."""
    image = Image.new("RGB", (640, 480), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 330, 640, 480], fill=(95, 140, 70))
    top = 330 - int(220 * progress)
    draw.rectangle([180, top, 460, 330], fill=(190, 120, 80), outline=(90, 60, 40), width=4)
    draw.text((20, 20), f"#{n}", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{n}.jpg", out.getvalue(), content_type="image/jpeg")


def _user(email, name, municipality, phone, organizer=False):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=PASSWORD,
            name=name,
            phone=phone,
            phone_verified=True,
            municipality=municipality,
            community=municipality.communities.first(),
        )
    if organizer:
        Role.objects.get_or_create(user=user, kind=Role.Kind.ORGANIZER, municipality=municipality)
    return user


def _own_past_cycle(demo):
    """Fallback when the voting demo is absent: a past Khoni cycle with two winners."""
    municipality = demo["khoni"]
    year = timezone.now().year - 1
    cycle, _ = Cycle.objects.get_or_create(
        municipality=municipality,
        year=year,
        defaults={
            "title_ka": f"ხონის სამოქალაქო ბიუჯეტი {year}",
            "title_en": f"Khoni Civic Budget {year}",
            "total_budget": Decimal("50000.00"),
            "min_project_cost": Decimal("5000.00"),
            "max_project_cost": Decimal("40000.00"),
            "phase": Phase.RESULTS,
        },
    )
    for ka, summary, cost in (
        ("სკოლის ეზოს კეთილმოწყობა", "სკოლის ეზოში სკამები, ხეები და ბილიკები.", "22000.00"),
        ("გარე განათება ქუტირში", "ქუტირის ქუჩებში ახალი სანათები.", "15000.00"),
    ):
        idea, _ = Idea.objects.get_or_create(
            cycle=cycle,
            title=ka,
            defaults={
                "summary": summary,
                "estimated_cost": Decimal(cost),
                "channel": "paper",
                "paper_author_name": "ლია ხურციძე",
                "status": "eligible",
            },
        )
        Proposal.objects.get_or_create(
            cycle=cycle,
            idea=idea,
            defaults={
                "title": ka,
                "summary": summary,
                "total_cost": Decimal(cost),
                "status": ProposalStatus.WON,
            },
        )
    return cycle


def seed(demo):
    cycle = demo.get("past_cycle")
    if cycle is None or cycle.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION):
        cycle = _own_past_cycle(demo)
    cycle.refresh_from_db()
    municipality = cycle.municipality
    slug = municipality.slug
    organizer = _user(
        f"organizer@{slug}.demo", "ქეთევან მაისურაძე", municipality, "+995555000071", True
    )
    follower = _user(f"resident@{slug}.demo", "ირაკლი ბაქრაძე", municipality, "+995555000072")
    demo["implementation_cycle"] = cycle

    if Update.objects.filter(project__cycle=cycle).exists():
        _log(demo, cycle, organizer, follower)
        return

    if cycle.phase == Phase.RESULTS:
        # the implementation starts now: keep the published schedule truthful
        Cycle.objects.filter(pk=cycle.pk).update(implementation_starts=timezone.now())
        cycle.refresh_from_db()
        advance(cycle=cycle, to=Phase.IMPLEMENTATION, by=organizer, reason="დაფინანსება დამტკიცდა")

    projects = list(FundedProject.objects.filter(cycle=cycle).order_by("id"))
    today = timezone.localdate()
    for i, project in enumerate(projects):
        lat, lon = POINTS[i % len(POINTS)]
        services.funded_project_edit(
            project=project,
            by=organizer,
            data={
                "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                "planned_start": today - timedelta(days=60),
                "planned_end": today + timedelta(days=90 + 30 * i),
                "latitude": lat,
                "longitude": lon,
            },
        )
    if projects:
        services.funded_project_follow(project=projects[0], user=follower)

    n = 0
    for i, project in enumerate(projects):
        steps = STEPS if i == 0 else STEPS[:2]
        for status, share, ka, en, photos in steps:
            files = []
            for _ in range(photos):
                n += 1
                files.append(_photo(n, float(share)))
            services.progress_update_post(
                project=project,
                by=organizer,
                data={
                    "status": status,
                    "spent": (project.budget * Decimal(share)).quantize(Decimal("0.01")),
                    "text_ka": ka,
                    "text_en": en,
                },
                photos=files,
            )
    _log(demo, cycle, organizer, follower)


def _log(demo, cycle, organizer, follower):
    demo["log"].append(
        f"implementation: {cycle} — {reverse('cycle-funded', args=[cycle.pk])} ; "
        f"record {reverse('cycle-record', args=[cycle.pk])}"
    )
    demo["log"].append(f"  organizer of {cycle.municipality}: {organizer.email}")
    demo["log"].append(f"  follower (notified of each update): {follower.email}")
