"""Account tasks: the password-reset lookup and sending, off the request; the token tables'
cleanup (beat, settings.CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task

from . import services

log = logging.getLogger(__name__)


@shared_task(ignore_result=True, acks_late=True)
def send_password_reset(login: str) -> None:
    services.password_reset_request(login=login)


def password_reset_ask(login: str) -> None:
    """What the API and the page call: the lookup and the sending happen in a worker, so the
    answer takes the same time whether or not the login names an account. If the broker is
    down the request is served here instead (the code still reaches its owner)."""
    try:
        send_password_reset.apply_async(args=[login], retry=False)
    except Exception as exc:  # broker unreachable (kombu's OperationalError), or its pool gone
        log.warning("password reset could not be queued, sending it now: %s", type(exc).__name__)
        services.password_reset_request(login=login)


@shared_task(ignore_result=True, expires=3600)
def flush_expired_tokens() -> None:
    """Forget refresh tokens (and their blacklist rows) past their expiry, and spent codes."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from .models import PasswordResetCode, PhoneCode

    call_command("flushexpiredtokens", verbosity=0)
    day_ago = timezone.now() - timedelta(days=1)
    PasswordResetCode.objects.filter(expires_at__lt=day_ago).delete()
    PhoneCode.objects.filter(expires_at__lt=day_ago).delete()
