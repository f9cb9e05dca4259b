"""`/healthz` (is the database answering?) and `/readyz` (also Redis and the worker's heartbeat).

Both are answered by a middleware placed first, before the host check, the HTTPS redirect,
sessions, the cache and the locale: a container's health check calls
http://127.0.0.1:8000/healthz whatever ALLOWED_HOSTS and SECURE_SSL_REDIRECT say, and a probe
never creates a session or touches the cache it is checking. The bodies name which part is
down but no host, address or error text: the front server passes these paths through.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from .cache import ResilientRedisCache, outage
from .models import Heartbeat

WORKER = "worker"


def database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to answer is "down"; the reason is in the server's log
        return {"ok": False, "state": "down"}
    return {"ok": True, "state": "up"}


def redis() -> dict:
    backend = caches["default"]
    if not isinstance(backend, ResilientRedisCache):
        return {"ok": True, "state": "not used"}
    if backend.ping():
        return {"ok": True, "state": "up", "errors_since_start": outage.errors}
    return {"ok": False, "state": "down", "errors_since_start": outage.errors}


def worker(*, database_up: bool) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "state": "not used: tasks run in the web process"}
    if not database_up:
        return {"ok": False, "state": "unknown: the database is down"}
    beat = Heartbeat.objects.filter(name=WORKER).values_list("at", flat=True).first()
    if beat is None:
        return {"ok": False, "state": "no heartbeat yet"}
    age = (timezone.now() - beat).total_seconds()
    fresh = age <= settings.HEARTBEAT_MAX_AGE
    return {
        "ok": fresh,
        "state": "up" if fresh else "stale",
        "last_heartbeat": beat.isoformat(),
        "age_seconds": round(age),
    }


def answer(checks: dict) -> JsonResponse:
    ok = all(check["ok"] for check in checks.values())
    down = sorted(name for name, check in checks.items() if not check["ok"])
    response = JsonResponse(
        {"status": "ok" if ok else "unavailable", "down": down, "checks": checks},
        status=200 if ok else 503,
    )
    response["Cache-Control"] = "no-store"
    return response


def healthz() -> JsonResponse:
    return answer({"database": database()})


def readyz() -> JsonResponse:
    db = database()
    return answer({"database": db, "redis": redis(), "worker": worker(database_up=db["ok"])})


class HealthMiddleware:
    """Answers the two probes before any other middleware runs (first in settings.MIDDLEWARE)."""

    PROBES = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe()
        return self.get_response(request)
