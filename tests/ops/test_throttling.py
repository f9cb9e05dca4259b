"""With Redis unreachable every cache user degrades instead of answering 500: read limits let
requests through, guessing limits and the login lockout count in the database (issue 15)."""

import logging
import time

import pytest
from django.conf import settings as django_settings

from accounts import lockout
from core.cache import outage
from core.models import Counter
from tests.notifications.processes import free_port

from ..conftest import needs
from .outage import forget_outage, redis_cache

PASSWORD = "correct horse battery"


@pytest.fixture
def redis_down(settings):
    """The cache points at a port where no Redis listens."""
    forget_outage()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    yield
    forget_outage()


@pytest.fixture
def alice(resident):
    resident.set_password(PASSWORD)
    resident.save()
    return resident


def _login(api, password):
    return api().post("/api/v1/auth/token/", {"login": "alice@example.ge", "password": password})


def test_anonymous_reads_answer_while_redis_is_down(redis_down, api, cycle, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    before = outage.errors
    for path in ("/api/v1/cycles/", "/api/v1/ideas/", "/api/v1/municipalities/", "/api/schema/"):
        assert api().get(path).status_code == 200, path
    assert outage.errors > before  # counted (reported by /readyz)
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1 and "cache unreachable" in warnings[0].getMessage()


def test_an_api_read_with_redis_down_costs_milliseconds(redis_down, api, cycle):
    api().get("/api/v1/cycles/")  # the first failure marks the outage
    started = time.perf_counter()
    for _ in range(20):
        assert api().get("/api/v1/cycles/").status_code == 200
    assert (time.perf_counter() - started) / 20 < 0.25


def test_token_login_works_while_redis_is_down(redis_down, api, alice):
    res = _login(api, PASSWORD)
    assert res.status_code == 200 and res.json()["access"]


def test_the_login_lockout_counts_in_the_database_while_redis_is_down(redis_down, api, alice):
    for _ in range(lockout.MAX_FAILURES):
        assert _login(api, "wrong guess").status_code == 401
    assert Counter.objects.filter(key__startswith="login-failures:").get().count == 8

    locked = _login(api, PASSWORD)
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "throttled"


def test_the_web_login_is_locked_out_too_while_redis_is_down(redis_down, client, alice):
    for _ in range(lockout.MAX_FAILURES):
        client.post("/accounts/login/", {"username": "alice@example.ge", "password": "nope"})
    page = client.post("/accounts/login/", {"username": "alice@example.ge", "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session


def test_password_guessing_throttle_counts_in_the_database_while_redis_is_down(
    redis_down, api, db, monkeypatch
):
    from core.throttling import ScopedRateThrottle

    # the dict the token view's throttle reads its rate from (other tests may have replaced it)
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "3/min")
    answers = [
        api().post("/api/v1/auth/token/", {"login": f"x{n}@x.ge", "password": "p"}).status_code
        for n in range(4)
    ]
    assert answers == [401, 401, 401, 429]


def test_reading_limits_fail_open_while_redis_is_down(redis_down, api, cycle, monkeypatch):
    from core.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/min")
    answers = {api().get("/api/v1/cycles/").status_code for _ in range(5)}
    assert answers == {200}
    assert not Counter.objects.exists()


def test_with_the_cache_up_the_lockout_counts_there_not_in_the_database(api, alice):
    for _ in range(lockout.MAX_FAILURES):
        _login(api, "wrong guess")
    assert _login(api, PASSWORD).status_code == 429
    assert not Counter.objects.exists()


@needs(bool(django_settings.REDIS_URL), "needs Redis (REDIS_URL): the Redis cache's own behaviour")
def test_set_many_on_redis_sets_each_key_with_its_expiry_in_one_round_trip():
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    before = client.info("stats")["total_commands_processed"]
    cache.set_many({"a-throttle": [1.5, 2.5], "b-throttle": {"x": "ბ"}}, 60)
    used = client.info("stats")["total_commands_processed"] - before - 1  # this INFO
    assert cache.get_many(["a-throttle", "b-throttle"]) == {
        "a-throttle": [1.5, 2.5],
        "b-throttle": {"x": "ბ"},
    }
    assert 55 < client.ttl(cache.make_key("a-throttle")) <= 60
    assert used == 2  # a SET each, no MULTI, EXPIRE or EXEC
    cache.set_many({"a-throttle": 1}, None)
    assert client.ttl(cache.make_key("a-throttle")) == -1  # no expiry
    cache.set_many({"a-throttle": 1}, 0)
    assert cache.get("a-throttle") is None
