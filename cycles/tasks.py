from celery import shared_task

from . import services


@shared_task
def advance_due_cycles():
    """Beat: advance every cycle whose next phase has started; safe to run twice at once."""
    return services.advance_due()
