"""Demo: two proposal-writing sessions in Terjola, the first one nearly full."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from .models import Enrollment, EnrollmentStatus, TrainingSession

SESSIONS = [
    # title_ka, title_en, days after trainings start, place, online link, capacity
    (
        "როგორ დავწეროთ პროექტი: ბიუჯეტი და ხარჯთაღრიცხვა",
        "Writing a project: budget and cost estimate",
        2,
        "თერჯოლის მუნიციპალიტეტის საკრებულო, რუსთაველის ქ. 83",
        "",
        3,
    ),
    (
        "პროექტის წერა ონლაინ: პრობლემა, მიზნები, მოვლა-შენახვა",
        "Writing a project online: problem, objectives, maintenance",
        9,
        "",
        "https://meet.jit.si/terjola-civic-budget",
        25,
    ),
]

# they hold two of the first session's three seats, so the next two people see the waitlist work
TRAINEES = [
    ("trainee1@terjola.demo", "ლაშა მამულაშვილი", "+995555000031"),
    ("trainee2@terjola.demo", "ნათია ხარაიშვილი", "+995555000032"),
]


def seed(demo):
    cycle = demo["cycle"]
    start = cycle.training_starts or timezone.now() + timedelta(days=21)
    sessions = []
    for ka, en, days, place, link, capacity in SESSIONS:
        begins = timezone.localtime(start + timedelta(days=days)).replace(
            hour=11, minute=0, second=0, microsecond=0
        )
        session, _ = TrainingSession.objects.get_or_create(
            cycle=cycle,
            title_ka=ka,
            defaults={
                "title_en": en,
                "description": "ვისწავლით, როგორ იქცეს იდეა სრულ პროექტად.",
                "starts_at": begins,
                "ends_at": begins + timedelta(hours=3),
                "place": place,
                "online_url": link,
                "capacity": capacity,
                "language": "ka",
            },
        )
        sessions.append(session)
    User = get_user_model()
    for email, name, phone in TRAINEES:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=demo.get("password", "demo-pass-2026"),
                name=name,
                phone=phone,
                phone_verified=True,
                municipality=demo["terjola"],
            )
        if not Enrollment.objects.filter(session=sessions[0], user=user).exists():
            Enrollment.objects.create(
                session=sessions[0], user=user, status=EnrollmentStatus.ENROLLED
            )
    # the demo's eligible web idea gets resident2 as co-author: someone eligible to be the
    # waitlisted "next one" once resident takes the last seat
    from ideas.models import Idea, IdeaStatus

    idea = (
        Idea.objects.filter(cycle=cycle, status=IdeaStatus.ELIGIBLE, author=demo.get("resident"))
        .order_by("id")
        .first()
    )
    if idea is not None and demo.get("resident2") is not None:
        idea.co_authors.add(demo["resident2"])
    demo["training_sessions"] = sessions
    demo["log"].append(
        f"trainings: {len(sessions)} sessions (the first has 1 seat left) — "
        + reverse("trainings:list", args=[cycle.pk])
    )
    for email, *_ in TRAINEES:
        demo["log"].append(f"  trainee         {email}")
