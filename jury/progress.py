"""How far the jury is: progress per juror, and the reminder before review ends."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.translation import both
from cycles.phases import phases_for
from notifications.services import notify

from .models import AssignmentStatus, Juror, Shortlist

REMIND_BEFORE = timezone.timedelta(days=3)


def progress(cycle) -> list[dict]:
    """Per juror: how many assignments are done, pending and recused (organizers' view)."""
    rows = (
        Juror.objects.filter(cycle=cycle)
        .select_related("user")
        .annotate(
            done=Count("assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED)),
            pending=Count("assignments", filter=Q(assignments__status=AssignmentStatus.PENDING)),
            recused=Count("assignments", filter=Q(assignments__status=AssignmentStatus.RECUSED)),
        )
    )
    return [
        {
            "juror": j.pk,
            "name": j.user.name,
            "is_chair": j.is_chair,
            "done": j.done,
            "pending": j.pending,
            "recused": j.recused,
        }
        for j in rows
    ]


def remind_due(now=None) -> int:
    """Beat: three days before review ends, remind each juror with pending work, once."""
    from cycles.models import Cycle

    now = now or timezone.now()
    sent = 0
    cycles = Cycle.objects.filter(
        phase__in=phases_for("score"), voting_starts__gt=now, voting_starts__lte=now + REMIND_BEFORE
    )
    for cycle in cycles:
        if Shortlist.objects.filter(cycle=cycle).exists():
            continue
        waiting = Juror.objects.filter(
            cycle=cycle,
            reminded_at__isnull=True,
            assignments__status=AssignmentStatus.PENDING,
        ).distinct()
        for juror in waiting.select_related("user"):
            with transaction.atomic():
                # the conditional UPDATE makes "once" hold even with two beat workers
                if not Juror.objects.filter(pk=juror.pk, reminded_at__isnull=True).update(
                    reminded_at=now
                ):
                    continue
                pending = juror.assignments.filter(status=AssignmentStatus.PENDING).count()
                notify(
                    "jury_reminder",
                    [juror.user],
                    {
                        "cycle": cycle.pk,
                        "cycle_title": both(cycle, "title"),
                        "pending": pending,
                    },
                    subject=f"jury:{cycle.pk}:reminder",
                )
                sent += 1
    return sent
