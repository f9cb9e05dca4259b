from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def deliver(ids):
    return services.deliver(ids)


@shared_task
def requeue_stale():
    return services.requeue_stale()
