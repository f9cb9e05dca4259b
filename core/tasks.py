"""Operations tasks, scheduled by beat (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat
from .throttling import forget_expired


@shared_task(ignore_result=True, expires=60)
def heartbeat():
    """Prove that beat, the broker and a worker all work (/readyz reads the time it writes)."""
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": timezone.now()})
    forget_expired()
