from celery import shared_task

from . import services


@shared_task
def remind_proposal_deadline():
    """Beat: 3 days before jury review, remind authors who have not submitted; once each."""
    return services.proposal_remind_deadline()
