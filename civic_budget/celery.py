"""The Celery app (cookiecutter-django's shape: settings under the CELERY_ namespace, JSON only)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic_budget.settings")

app = Celery("civic_budget")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
