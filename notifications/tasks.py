"""Thin tasks: they take row ids and call the services, and are safe to run twice."""

from celery import shared_task

from . import services


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
