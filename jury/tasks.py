from celery import shared_task

from . import progress


@shared_task
def remind_jurors():
    """Beat: remind jurors with pending work three days before review ends; once per juror."""
    return progress.remind_due()
