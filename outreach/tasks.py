from celery import shared_task

from . import services


@shared_task
def remind_residents():
    """Beat: the deadline reminders that are due (voting closes, ideas close); each once."""
    return services.reminders_send()
