"""/healthz says whether the database answers; /readyz also Redis and the worker's heartbeat.
Both answer a container's plain-HTTP probe whatever ALLOWED_HOSTS and the HTTPS redirect say,
and touch neither the session nor the cache they check (issue 15)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.models import Heartbeat
from core.tasks import heartbeat
from tests.notifications.processes import free_port

from .outage import forget_outage, redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    """Production's request handling: a public host name only, HTTPS enforced."""
    settings.ALLOWED_HOSTS = ["budget.terjola.gov.ge"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


@pytest.fixture
def with_worker(settings):
    """Tasks go to a worker (not run in the web process), as in production."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def probe(path, **headers):
    # what docker's health check does: plain HTTP to the container's own address
    return Client(HTTP_HOST="127.0.0.1:8000", **headers).get(path)


def test_healthz_answers_200_when_the_database_answers(production):
    res = probe("/healthz")
    assert res.status_code == 200
    assert res.json() == {
        "status": "ok",
        "down": [],
        "checks": {"database": {"ok": True, "state": "up"}},
    }
    assert res["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in res and "sessionid" not in res.cookies


def test_a_page_with_the_same_host_is_refused_and_redirected(production):
    # the control: the probes' exemption is theirs alone
    assert probe("/").status_code == 400
    assert Client(HTTP_HOST="budget.terjola.gov.ge").get("/").status_code == 301


def test_healthz_answers_503_when_the_database_does_not(production, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise self.Database.OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    res = probe("/healthz")
    assert res.status_code == 503
    assert res.json()["down"] == ["database"]
    assert "refused" not in res.content.decode()  # no internals to the public


def test_readyz_is_ok_with_a_fresh_heartbeat(production, with_worker):
    heartbeat.apply()  # what the worker runs every 30 s
    res = probe("/readyz")
    assert res.status_code == 200, res.json()
    checks = res.json()["checks"]
    assert checks["database"]["ok"] and checks["redis"]["ok"] and checks["worker"]["state"] == "up"
    assert checks["worker"]["age_seconds"] < 5


def test_readyz_is_503_when_the_heartbeat_is_stale(production, with_worker):
    Heartbeat.objects.create(name="worker", at=timezone.now() - timedelta(minutes=3))
    res = probe("/readyz")
    assert res.status_code == 503
    body = res.json()
    assert body["down"] == ["worker"] and body["checks"]["worker"]["state"] == "stale"
    assert body["checks"]["worker"]["age_seconds"] >= 180


def test_readyz_is_503_before_any_worker_has_run(production, with_worker):
    res = probe("/readyz")
    assert res.status_code == 503 and res.json()["checks"]["worker"]["state"] == "no heartbeat yet"


def test_readyz_is_503_naming_redis_when_redis_is_down(production, with_worker, settings):
    heartbeat.apply()
    forget_outage()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    res = probe("/readyz")
    forget_outage()
    assert res.status_code == 503
    body = res.json()
    assert body["down"] == ["redis"] and body["checks"]["redis"]["state"] == "down"
    assert body["checks"]["worker"]["ok"]
    # liveness is the database alone: a Redis outage must not get the web container restarted
    assert probe("/healthz").status_code == 200


def test_without_a_worker_readyz_does_not_wait_for_a_heartbeat(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded default: tasks run in the caller
    res = probe("/readyz")
    assert res.status_code == 200
    assert res.json()["checks"]["worker"]["state"].startswith("not used")
