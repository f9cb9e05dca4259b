"""Settings of the Celery worker the delivery tests start: the project's, plus where the
file-based e-mail backend and the recording SMS backend write (one file per test run)."""

from civic_budget.settings import *  # noqa: F403
from civic_budget.settings import env

EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/civic-budget-mail")
SMS_FILE = env("SMS_FILE", default="/tmp/civic-budget-sms.txt")
NOTIFICATIONS_STRICT_RENDERING = True
