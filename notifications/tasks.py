"""Thin tasks: they take row ids and call the services, and are safe to run twice."""

from celery import shared_task
from celery.signals import worker_init

from . import services
from .services import rendering


# acks_late: a task whose worker dies is not lost (the beat task also covers it); the retry
# covers the database, not the channels: a channel failure is retried per row (services).
@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def deliver(ids):
    return services.deliver(ids)


@shared_task
def requeue_stale():
    return services.requeue_stale()


@worker_init.connect
def reverse_links(**kwargs):
    """The links of every e-mail, reversed in the worker before it forks its pool: reversing
    loads the URLconf, which each pool process would otherwise do again on its first e-mail."""
    rendering.links()
