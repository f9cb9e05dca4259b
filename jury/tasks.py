from celery import shared_task

from . import services


@shared_task
def remind_jurors():
    """Beat: remind jurors with pending work three days before review ends; once per juror."""
    return services.juror_remind()
