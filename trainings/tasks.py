from celery import shared_task

from . import services


@shared_task
def send_training_reminders():
    """Beat: remind enrolled people 24 h before their session; each person once."""
    return services.reminders_send()
